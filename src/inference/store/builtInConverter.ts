import { readCheckpoint } from '../checkpoint';
import { CONVERTER_VERSION, convertCheckpoint } from '../onnx/convert';
import type { Converter } from './packs';

/** The project's own TypeScript converter, run in this thread. */
export const builtInConverter: Converter = {
  version: CONVERTER_VERSION,
  async convert(checkpointDir, outDir, precision) {
    const { task } = await convertCheckpoint(await readCheckpoint(checkpointDir), outDir, { precision });
    return { task };
  },
};
