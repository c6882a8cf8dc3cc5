import type { Plugin } from 'esbuild';

declare const jsoncParserEsm: Plugin;
export = jsoncParserEsm;
