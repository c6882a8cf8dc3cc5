import * as fs from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { parseDocument } from 'yaml';

/** A configuration file read as data; undefined and a warning when it cannot be. */
export function readDataFile(file: string, warnings: string[]): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    warnings.push(`${file}: cannot be read (${describe(error)})`);
    return undefined;
  }
  try {
    const value: unknown = file.endsWith('.toml') ? parseToml(text) : file.endsWith('.json') ? JSON.parse(text) : readYaml(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch (error) {
    warnings.push(
      `${file}: not valid ${file.endsWith('.toml') ? 'TOML' : file.endsWith('.json') ? 'JSON' : 'YAML'} (${describe(error)}); its settings are left out`,
    );
    return undefined;
  }
}

// MkDocs configurations use Python tags (`!!python/name:…`, `!ENV`); unknown tags are warnings, not errors.
function readYaml(text: string): unknown {
  const document = parseDocument(text, { logLevel: 'silent' });
  if (document.errors.length) throw document.errors[0];
  return document.toJS();
}

export function readText(file: string, warnings: string[]): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    warnings.push(`${file}: cannot be read (${describe(error)})`);
    return undefined;
  }
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
