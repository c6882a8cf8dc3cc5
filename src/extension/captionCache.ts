import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

interface Entry {
  caption: string;
  /** Last use, ms since the epoch: the least recently used entries go first when the cache is full. */
  used: number;
}

interface CacheFile {
  version: 1;
  entries: Record<string, Entry>;
}

/** What a cached caption depends on: the image's bytes, the model, and the caption options. */
export interface CaptionKeyParts {
  imageSha256: string;
  modelId: string;
  optionsKey: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function captionKey(parts: CaptionKeyParts): string {
  // The model id and options are hashed so that the key stays short and cannot contain separators.
  const rest = createHash('sha256').update(parts.modelId).update('\0').update(parts.optionsKey).digest('hex').slice(0, 24);
  return `${parts.imageSha256}:${rest}`;
}

/**
 * Captions persisted in one JSON file (the extension's global storage), shared by hover, code
 * actions and the workspace fix, and kept across sessions. Writes are batched and atomic (temporary
 * file, then rename); entries another window wrote meanwhile are merged, not lost.
 */
export class CaptionCache {
  private entries: Map<string, Entry> | undefined;
  private loading: Promise<Map<string, Entry>> | undefined;
  private dirty = false;
  private writeTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly maxEntries = 5000,
    private readonly writeDelayMs = 500,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entries = await this.load();
    const entry = entries.get(key);
    if (!entry) return undefined;
    entry.used = Date.now();
    return entry.caption;
  }

  async set(key: string, caption: string): Promise<void> {
    const entries = await this.load();
    entries.set(key, { caption, used: Date.now() });
    this.dirty = true;
    this.scheduleWrite();
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Writes pending entries now; call before the extension goes away. */
  async flush(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.writing = this.writing.then(() => this.write());
    await this.writing;
  }

  async clear(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    await this.writing;
    this.entries = new Map();
    this.dirty = false;
    await fs.rm(this.file, { force: true });
  }

  private scheduleWrite(): void {
    if (this.writeTimer) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      this.writing = this.writing.then(() => this.write()).catch(() => undefined);
    }, this.writeDelayMs);
    this.writeTimer.unref?.();
  }

  private load(): Promise<Map<string, Entry>> {
    if (this.entries) return Promise.resolve(this.entries);
    this.loading ??= readCacheFile(this.file).then((entries) => (this.entries = entries));
    return this.loading;
  }

  private async write(): Promise<void> {
    if (!this.dirty || !this.entries) return;
    this.dirty = false;
    const onDisk = await readCacheFile(this.file);
    for (const [key, entry] of onDisk) {
      const mine = this.entries.get(key);
      if (!mine || mine.used < entry.used) this.entries.set(key, entry);
    }
    const kept = [...this.entries].sort((a, b) => b[1].used - a[1].used).slice(0, this.maxEntries);
    this.entries = new Map(kept);
    const body: CacheFile = { version: 1, entries: Object.fromEntries(kept) };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(body));
    await fs.rename(temporary, this.file);
  }
}

/** A missing, unreadable or malformed cache file is an empty cache: captions can always be recomputed. */
async function readCacheFile(file: string): Promise<Map<string, Entry>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return new Map();
  }
  const entries = (parsed as Partial<CacheFile> | null)?.entries;
  if ((parsed as Partial<CacheFile> | null)?.version !== 1 || typeof entries !== 'object' || entries === null) return new Map();
  const result = new Map<string, Entry>();
  for (const [key, entry] of Object.entries(entries)) {
    if (typeof entry?.caption === 'string' && typeof entry.used === 'number') result.set(key, { caption: entry.caption, used: entry.used });
  }
  return result;
}
