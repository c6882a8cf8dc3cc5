// The workspace fix that the CLI's `fix` and the editor's "Fix Missing Alt Text in Workspace" share:
// plain Node, with the faces' I/O (reading images, captioning, writing or proposing) passed in.
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
