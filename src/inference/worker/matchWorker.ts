import type { MatcherOptions, MatchScore } from '../matcher';
import { ThreadChannel, type ControlRequest, type ThreadReply } from './threadCalls';

/** What the matching thread is started with. */
export interface MatchWorkerSetup {
  modelDir: string;
  options: MatcherOptions;
}

/** The work the matching thread is asked for. */
export type MatchCall = { type: 'score'; id: number; image: string | Uint8Array; texts: string[] };

export type MatchRequest = MatchCall | ControlRequest;

export type MatchReply = ThreadReply<MatchScore[], { packDir: string }>;

/**
 * ImageTextMatcher in a worker thread of its own (dist/matchWorker.js), so that decoding an image
 * and running the matching model never happen on the caller's thread (the extension host's). The
 * thread scores one request at a time, in the order they came; each can be cancelled.
 */
export class MatchWorker {
  private constructor(
    private readonly thread: ThreadChannel<MatchCall, MatchScore[], { packDir: string }>,
    /** The converted matching pack the model runs from. */
    readonly packDir: string,
  ) {}

  /** Loads the matching model (converting a checkpoint folder into the cache first if needed) in a new thread. */
  static async start(modelDir: string, options: MatcherOptions = {}): Promise<MatchWorker> {
    const thread = new ThreadChannel<MatchCall, MatchScore[], { packDir: string }>(
      __dirname,
      'matchWorker',
      { modelDir, options } satisfies MatchWorkerSetup,
      'the matching thread',
    );
    const { packDir } = await thread.ready;
    return new MatchWorker(thread, packDir);
  }

  /** Scores every text against one image (a file or its bytes), in the order given. */
  score(image: string | Uint8Array, texts: readonly string[], signal?: AbortSignal): Promise<MatchScore[]> {
    return this.thread.call({ type: 'score', image, texts: [...texts] }, { signal });
  }

  /** Asks the thread to release its sessions and exit; terminates it if it does not in time. */
  dispose(): Promise<void> {
    return this.thread.close();
  }
}
