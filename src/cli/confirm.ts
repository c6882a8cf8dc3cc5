import { createInterface } from 'node:readline';

/**
 * Asks a yes/no question on the terminal; anything but y or yes is a no, and so are Ctrl+C and the
 * end of input, which would otherwise leave the question hanging. The answer line is read from the
 * 'line' event, which readline emits before 'close' even when the answer is the input's last line.
 */
export async function confirm(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<boolean> {
  const rl = createInterface({ input, output });
  try {
    return await new Promise<boolean>((resolve) => {
      rl.once('line', (answer) => resolve(/^y(es)?$/i.test(answer.trim())));
      rl.once('SIGINT', () => resolve(false));
      rl.once('close', () => resolve(false));
      output.write(question);
    });
  } finally {
    rl.close();
  }
}
