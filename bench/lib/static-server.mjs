// Serves the pages of the browser benchmarks and dist/ on a loopback port of its own (so the
// tracking endpoint is cross-origin, as on a merchant's site). Cache-Control lets a warm
// navigation take the script and the wasm from the HTTP cache.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { benchDir, buildDir, repoRoot } from './util.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
};

export async function startStatic({ cacheSeconds = 3600 } = {}) {
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url, 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = path.startsWith('/dist/') ? join(repoRoot, path)
      : path.startsWith('/pages/') ? join(benchDir, path)
      : path.startsWith('/built/') ? join(buildDir, 'pages', path.slice('/built/'.length))
      : null;
    try {
      if (!file) throw new Error('no');
      const data = await readFile(file);
      const cache = extname(file) === '.html' ? 'no-store' : `public, max-age=${cacheSeconds}`;
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': cache });
      res.end(data);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close() { for (const s of sockets) s.destroy(); return new Promise((ok) => server.close(ok)); },
  };
}
