// The workspace fix that the CLI's `fix` and the editor's "Fix Missing Alt Text in Workspace" share:
// plain Node, with the faces' I/O (reading images, captioning, writing or proposing) passed in.
// The extension imports the modules it needs one by one (captionImages, lineIndex, gitignore):
// this index also reaches the scanner (planEdit), which the extension bundle loads only lazily.
export {
  captionDistinct,
  captionTargets,
  readDistinct,
  sourceKey,
  type CaptionIo,
  type DistinctImage,
  type FixIo,
  type FixTarget,
  type ReadIo,
} from './captionImages';
export { planEdit } from './planEdits';
export { imageStartLines, LineIndex, type LineColumn } from './lineIndex';
export { gitIgnoreFilter, GitIgnore, findRepositoryRoot } from './gitignore';
export { collectDocuments, isWithin, projectRootOf, projectRoots, realPathOf, toPosix, WalkError, type WalkOptions } from './walk';
