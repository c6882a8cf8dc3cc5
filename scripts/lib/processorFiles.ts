import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The tokenizer and image processor configurations a BLIP checkpoint folder carries, as
 * Salesforce's checkpoints write them, for an image of `imageSize` pixels square.
 */
export async function writeProcessorConfigs(dir: string, imageSize: number): Promise<void> {
  await fs.writeFile(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512 }),
  );
  await fs.writeFile(
    path.join(dir, 'preprocessor_config.json'),
    JSON.stringify(
      {
        do_convert_rgb: true,
        do_normalize: true,
        do_rescale: true,
        do_resize: true,
        image_processor_type: 'BlipImageProcessor',
        image_mean: [0.48145466, 0.4578275, 0.40821073],
        image_std: [0.26862954, 0.26130258, 0.27577711],
        resample: 3,
        rescale_factor: 1 / 255,
        size: { height: imageSize, width: imageSize },
      },
      null,
      2,
    ),
  );
}
