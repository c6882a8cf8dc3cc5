import type { MessagePort } from 'node:worker_threads';
import { serializeError } from './protocol';
import type { ControlRequest, ThreadReply } from './threadCalls';

/**
 * The thread's side of ThreadChannel, once the thread has said it is ready: runs each request as it
 * comes, with a signal that the request's 'cancel' aborts, and answers 'done' with the value
 * (moving the buffers `transferOf` names) or 'error'. On 'dispose' it releases what the thread holds
 * (`close`, whose failure no one is left to hear) and closes the port, so that the thread exits.
 */
export function serveRequests<Work extends { type: string; id: number }, Value>(
  port: MessagePort,
  run: (request: Work, signal: AbortSignal) => Promise<Value>,
  close: () => Promise<void>,
  transferOf: (value: Value) => ArrayBuffer[] = () => [],
): void {
  const reply = (message: ThreadReply<Value>, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const inFlight = new Map<number, AbortController>();
  port.on('message', async (message: Work | ControlRequest) => {
    if (message.type === 'cancel') {
      inFlight.get((message as ControlRequest & { type: 'cancel' }).id)?.abort();
      return;
    }
    if (message.type === 'dispose') {
      await close().catch(() => undefined);
      port.close();
      return;
    }
    const request = message as Work;
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      const value = await run(request, controller.signal);
      reply({ type: 'done', id: request.id, value }, transferOf(value));
    } catch (err) {
      reply({ type: 'error', id: request.id, error: serializeError(err) });
    } finally {
      inFlight.delete(request.id);
    }
  });
}
