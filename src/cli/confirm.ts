import { createInterface } from 'node:readline/promises';

/**
 * Asks a yes/no question on the terminal; anything but y or yes is a no, and so are Ctrl+C and the
 * end of input, which would otherwise leave the question hanging.
 */
export async function confirm(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<boolean> {
  const rl = createInterface({ input, output });
  try {
    const interrupted = new Promise<boolean>((resolve) => {
      rl.once('SIGINT', () => resolve(false));
      rl.once('close', () => resolve(false));
    });
    const answered = rl.question(question).then((answer) => /^y(es)?$/i.test(answer.trim()), () => false);
    return await Promise.race([answered, interrupted]);
  } finally {
    rl.close();
  }
}
