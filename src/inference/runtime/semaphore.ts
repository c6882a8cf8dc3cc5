import { throwIfAborted } from '../generation/abort';

/**
 * A counting semaphore with first-come-first-served waiters and cancellation while waiting. Used to
 * run one inference at a time and to bound how many images are decoded ahead of it.
 */
export class Semaphore {
  private readonly waiters: { grant: () => void }[] = [];

  constructor(private permits: number) {}

  /** Resolves with a release function (safe to call twice) once a permit is free. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    throwIfAborted(signal);
    if (this.permits > 0) {
      this.permits--;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
    return this.releaser();
  }

  /** Runs fn holding a permit. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.permits++;
    };
  }
}
