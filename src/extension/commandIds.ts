/**
 * The extension's command ids, as package.json contributes them (`contributes.commands`, menus).
 * Code registers, offers and runs commands through these names only; a unit test holds them and
 * package.json together. Plain data, no `vscode`: the tests read it too.
 */
export const Command = {
  generateAltText: 'localAltText.generateAltText',
  markDecorative: 'localAltText.markDecorative',
  choosePurpose: 'localAltText.choosePurpose',
  /** Writes the alt text (or the decorative mark) an image's purpose calls for; the code actions' command. */
  applyPurpose: 'localAltText.applyPurpose',
  generateAltTextForFile: 'localAltText.generateAltTextForFile',
  fixWorkspace: 'localAltText.fixWorkspace',
  /** The hover's link: inserts the caption the hover showed, or makes one when it had none yet. */
  insertCaption: 'localAltText.insertCaption',
  reviewApply: 'localAltText.review.apply',
  reviewCancel: 'localAltText.review.cancel',
  downloadModel: 'localAltText.downloadModel',
  useLocalModelFolder: 'localAltText.useLocalModelFolder',
  showModelInfo: 'localAltText.showModelInfo',
  clearModelCache: 'localAltText.clearModelCache',
  showLog: 'localAltText.showLog',
  /** The quick fix on mismatched-alt: the caption in place of the alt text. */
  replaceAltText: 'localAltText.replaceAltText',
  downloadMatchModel: 'localAltText.downloadMatchModel',
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];
