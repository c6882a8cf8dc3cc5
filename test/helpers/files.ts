import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `content` to `file` under `root`, making the folders it needs. */
export function writeFile(root: string, file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

/** Writes files (text or bytes) under `root`, making folders as needed. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [file, content] of Object.entries(files)) writeFile(root, file, content);
}
