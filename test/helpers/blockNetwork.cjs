// Preloaded (node --require) into a process and, by Node, into every worker thread it starts: any
// attempt to reach the network throws, and is reported on stderr so that the test sees it even
// where the caller swallows the error. Each thread that loads this writes one line to the file in
// BLOCK_NETWORK_LOG, so the test can tell the block was in place in the threads it expects.
'use strict';
const fs = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');

const log = process.env.BLOCK_NETWORK_LOG;
if (log) fs.appendFileSync(log, `${isMainThread ? 'main' : 'worker'} ${threadId}\n`);

function refuse(what) {
  return function () {
    process.stderr.write(`NETWORK ATTEMPT: ${what}\n${new Error().stack}\n`);
    throw new Error(`network access refused in this test: ${what}`);
  };
}

globalThis.fetch = refuse('fetch');
for (const name of ['http', 'https']) {
  const mod = require(`node:${name}`);
  mod.request = refuse(`${name}.request`);
  mod.get = refuse(`${name}.get`);
}
// Sockets on a file path (Unix sockets, Windows pipes: tsx talks to its own process over one) are
// not the network; anything with a port is.
const net = require('node:net');
// (net.connect hands Socket.connect its arguments already normalised, as an array.)
const isLocalPipe = (first) => {
  const options = Array.isArray(first) ? first[0] : first;
  return typeof options === 'string' || (typeof options === 'object' && options !== null && typeof options.path === 'string');
};
for (const [owner, name, label] of [
  [net, 'connect', 'net.connect'],
  [net, 'createConnection', 'net.createConnection'],
  [net.Socket.prototype, 'connect', 'net.Socket.connect'],
]) {
  const original = owner[name];
  const refused = refuse(label);
  owner[name] = function (first, ...rest) {
    return isLocalPipe(first) ? original.call(this, first, ...rest) : refused();
  };
}
const dns = require('node:dns');
dns.lookup = refuse('dns.lookup');
dns.promises.lookup = refuse('dns.promises.lookup');
