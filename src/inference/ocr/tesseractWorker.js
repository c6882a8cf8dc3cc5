// The thread tesseract.js runs recognition in (bundled as dist/tesseractWorker.js). It is
// tesseract.js's own Node worker script (tesseract.js/src/worker-script/node) with two changes:
// - it has no network: the traineddata is read from a local file, and a fetch throws;
// - it always loads the WebAssembly SIMD LSTM core, so that one core file ships and the text read
//   is the same on every machine (the relaxed-SIMD core tesseract.js would pick where available
//   may round differently).
'use strict';
const { parentPort } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const fs = require('node:fs/promises');
const worker = require('tesseract.js/src/worker-script');

let core;

parentPort.on('message', (packet) => {
  worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj));
});

worker.setAdapter({
  getCore: async (_lstmOnly, _corePath, res) => {
    if (!core) {
      res.progress({ status: 'loading tesseract core', progress: 0 });
      core = require('tesseract.js-core/tesseract-core-simd-lstm');
      res.progress({ status: 'loading tesseract core', progress: 1 });
    }
    return core;
  },
  gunzip: (data) => new Uint8Array(gunzipSync(data)),
  fetch: async (url) => {
    throw new Error(`text recognition reads its data from this machine only; it does not fetch ${url}`);
  },
  readCache: (file) => fs.readFile(file),
  writeCache: async () => undefined,
  deleteCache: async () => undefined,
  checkCache: async () => false,
});
