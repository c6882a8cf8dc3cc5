import { throwIfAborted } from '../generation/abort';
import { Semaphore } from './semaphore';

/**
 * The turn a model's sessions are used under: one run at a time, first come first served, and a
 * dispose that waits for the run in progress before it releases the sessions. Shared by the
 * captioner and the matcher, which differ only in what a run does.
 */
export class ModelTurn {
  private readonly turn = new Semaphore(1);
  private disposed = false;

  constructor(
    /** What the owner is called in the error after dispose ('captioner', 'matcher'). */
    private readonly owner: string,
    private readonly release: () => Promise<void>,
  ) {}

  /** Throws once disposed. */
  checkOpen(): void {
    if (this.disposed) throw new Error(`the ${this.owner} has been disposed`);
  }

  /** Runs `work` when the turn is free, unless by then the owner is disposed or `signal` aborted. */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.turn.run(async () => {
      this.checkOpen();
      throwIfAborted(signal);
      return work();
    }, signal);
  }

  /** Releases the sessions once the run in progress (if any) is done; later calls do nothing. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.turn.run(this.release);
  }
}
