import { lazy } from './lazy';

// The scanner (unified, remark, parse5) is loaded on first use, not at activation: activation
// must stay fast, and a window without Markdown or HTML open never pays for it.
export type Scanner = typeof import('../markdown');

export function loadScanner(): Promise<Scanner> {
  return lazy('markdown');
}
