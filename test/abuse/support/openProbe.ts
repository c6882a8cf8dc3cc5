import { constants, closeSync, openSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * A named pipe that counts how often something opens it for reading: the file-system counterpart
 * of the counting listener, for `file:` references and links that must not be followed. A reader
 * that opens a FIFO in the usual (blocking) way waits for a writer; the probe keeps trying to open
 * the write end without blocking, which succeeds only while a reader is there, counts it, and
 * closes at once, so that the reader sees an empty file and goes on instead of hanging.
 * (A reader that opens without blocking and closes before the next poll can slip through: this
 * probe is for libraries that read files the ordinary way, such as librsvg.)
 */
export interface OpenProbe {
  path: string;
  readonly opens: number;
  stop(): void;
}

export function startOpenProbe(path: string, pollMs = 10): OpenProbe {
  execFileSync('mkfifo', [path]);
  let opens = 0;
  const timer = setInterval(() => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
      opens++;
    } catch {
      // ENXIO: nobody has it open for reading.
    }
  }, pollMs);
  timer.unref();
  return {
    path,
    get opens() {
      return opens;
    },
    /** Stops polling; the FIFO stays, for the folder's snapshot and its owner to remove. */
    stop() {
      clearInterval(timer);
    },
  };
}
