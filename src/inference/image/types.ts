/** An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** PIL's resampling filter numbers, as image processor configs store them. */
export const Resample = { BILINEAR: 2, BICUBIC: 3 } as const;
export type ResampleFilter = (typeof Resample)[keyof typeof Resample];

/** The image processor settings of a checkpoint (`preprocessor_config.json`), every field explicit. */
export interface ImageProcessorConfig {
  size: { height: number; width: number };
  resample: ResampleFilter;
  doResize: boolean;
  doRescale: boolean;
  rescaleFactor: number;
  doNormalize: boolean;
  imageMean: [number, number, number];
  imageStd: [number, number, number];
  doConvertRgb: boolean;
}
