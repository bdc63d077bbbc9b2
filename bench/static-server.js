// The benchmark's static file server: serves a folder as a web host or CDN would — from
// memory, with keep-alive, gzip and the right content types — so that first-render figures
// measure the app, not the server. (Python's http.server, which the end-to-end tests use,
// opens a connection per file and took ~30 ms to send the 0.5 MB wasm on this 2-core
// machine, while the static floor needs one small file.)
//   node bench/static-server.js <dir> <port>
const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Compressed as a web host compresses text (gzip, level 6), once per file.
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.wasm', '.svg']);

function createServer(root) {
  const cache = new Map();
  const read = (file) => {
    if (!cache.has(file)) cache.set(file, fs.readFileSync(file));
    return cache.get(file);
  };
  const gzipped = new Map();
  const readGzip = (file) => {
    if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(read(file), { level: 6 }));
    return gzipped.get(file);
  };
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(path.resolve(root))) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const gzip = COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
      const body = gzip ? readGzip(file) : read(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      });
      res.end(body);
    } catch (_) {
      res.writeHead(404).end();
    }
  });
}

if (require.main === module) {
  const [dir, port] = process.argv.slice(2);
  createServer(path.resolve(dir)).listen(Number(port), '127.0.0.1');
}

module.exports = { createServer };
