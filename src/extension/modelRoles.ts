import type { ModelSource } from '../inference/store';
import { readSettings } from './settingsSource';

/**
 * What a model is for, which settings choose it, and how the writer is told about it. The
 * captioning model and the image-text matching model go through the same consent prompt, store
 * and cache; only these words and settings differ.
 */
export interface ModelRole {
  /** "captioning model", as in "The captioning model is not installed." */
  noun: string;
  /** What the extension does with it, for the consent prompt: "writes captions". */
  use: string;
  /** What the model is, for the folder picker. */
  folderContents: string;
  /** The setting below `localAltText.` that "Use Local Model Folder" writes. */
  localFolderSetting: string;
  /** How the writer gets it, for "is not installed" messages: the command, or the other way there is. */
  howToGet: string;
  /** Where the model comes from, per the settings; a local folder still unresolved (`~`, `${workspaceFolder}`). */
  source(): ModelSource;
}

export const CAPTIONING_MODEL: ModelRole = {
  noun: 'captioning model',
  use: 'writes captions',
  folderContents: 'a BLIP checkpoint (config.json, tokenizer, weights) or a converted model pack',
  localFolderSetting: 'model.localFolder',
  howToGet: 'Run "Local Alt Text: Download Model" or "Use Local Model Folder..."',
  source() {
    const { model } = readSettings();
    return model.localFolder
      ? { localFolder: model.localFolder, precision: model.precision }
      : { repo: model.repo, revision: model.revision, precision: model.precision };
  },
};

export const MATCHING_MODEL: ModelRole = {
  noun: 'image-text matching model',
  use: 'checks existing alt text against its image',
  folderContents:
    'a BLIP image-text matching checkpoint (BlipForImageTextRetrieval: config.json, tokenizer, weights) or its converted pack',
  localFolderSetting: 'verifyAlt.model.localFolder',
  howToGet: 'Run "Local Alt Text: Download Image-Text Matching Model", or set localAltText.verifyAlt.model.localFolder',
  source() {
    const { model } = readSettings().verifyAlt;
    return model.localFolder
      ? { localFolder: model.localFolder, precision: 'fp32' }
      : { repo: model.repo, revision: model.revision, precision: 'fp32' };
  },
};
