// A small verification-service stand-in for the browser tests: DESIGN.md contract 1 (tracking
// status with ETag/304, optional long-poll, CORS) with faults scripted per reference, plus
// static files (dist/, test pages) on the same origin. Listens on 127.0.0.1, a free port.
//
//   const srv = await startServer();
//   const ref = srv.track({ status: 'PENDING' });        // a fresh reference with state
//   srv.script(ref, { status: 500 }, { hang: true });   // the next responses, in order
//   srv.update(ref, { status: 'COMPLETED' });            // version++, wakes long-polls
//   srv.requests(ref)                                    // [{ t, url, headers, aborted }]
//   srv.preflights()                                     // paths of OPTIONS requests
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// The exact policy docs/widget-api.md asks merchants for, minus connect-src (same origin here).
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
};

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Retry-After',
};

export async function startServer() {
  const refs = new Map(); // reference → { state, steps, log, waiters }
  const open = new Set(); // sockets, so close() does not wait for hanging requests
  const pages = new Map(); // path → { html, csp } registered by tests
  const staticLog = [];
  const trackingLog = []; // every tracking request, known reference or not

  const body = (r) => JSON.stringify({ trackingReference: r.ref, ...r.state });
  const etag = (r) => `"v${r.state.version}"`;

  function sendJson(res, status, text, headers = {}) {
    res.writeHead(status, { ...CORS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    res.end(text);
  }

  function sendState(r, req, res) {
    const tag = etag(r);
    if (req.headers['if-none-match'] === tag) {
      res.writeHead(304, { ...CORS, ETag: tag });
      return res.end();
    }
    sendJson(res, 200, body(r), { ETag: tag });
  }

  function tracking(ref, url, req, res) {
    const r = refs.get(ref);
    const entry = { t: Date.now(), url: url.pathname + url.search, headers: req.headers, aborted: false };
    trackingLog.push(entry);
    if (!r) return sendJson(res, 404, '{"error":"not_found"}');
    r.log.push(entry);
    res.on('close', () => { if (!res.writableFinished) entry.aborted = true; });

    const step = r.steps.shift();
    if (step) {
      if (step.hang) return; // never answers; the widget's timeout or abort ends it
      if (step.garbage != null) return sendJson(res, 200, step.garbage);
      if (step.body) {
        const merged = { trackingReference: ref, ...r.state, ...step.body };
        return sendJson(res, step.status || 200, JSON.stringify(merged));
      }
      if (step.status) {
        const h = step.retryAfter != null ? { 'Retry-After': String(step.retryAfter) } : {};
        return sendJson(res, step.status, '{"error":"scripted"}', h);
      }
    }

    // Long-poll: hold until the version passes sinceVersion or waitSeconds elapse.
    const wait = Number(url.searchParams.get('waitSeconds') || 0);
    const since = Number(url.searchParams.get('sinceVersion') ?? -1);
    if (wait > 0 && r.state.longPollMaxWaitSeconds && r.state.version <= since) {
      const done = () => {
        clearTimeout(timer);
        r.waiters.delete(done);
        if (!res.destroyed) sendState(r, req, res);
      };
      const timer = setTimeout(done, Math.min(wait, 30) * 1000);
      r.waiters.add(done);
      res.on('close', () => { clearTimeout(timer); r.waiters.delete(done); });
      return;
    }
    sendState(r, req, res);
  }

  async function staticFile(path, res) {
    const safe = normalize(path).replace(/^(\.\.[/\\])+/, '');
    const file = safe.startsWith('/dist/') ? join(repoRoot, safe)
      : safe.startsWith('/pages/') ? join(repoRoot, 'tests/web', safe)
      : null;
    if (!file) return false;
    try {
      const data = await readFile(file);
      const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (extname(file) === '.html') headers['Content-Security-Policy'] = STRICT_CSP;
      res.writeHead(200, headers);
      res.end(data);
      return true;
    } catch {
      return false;
    }
  }

  const preflights = []; // paths of CORS preflight requests, to count them
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'OPTIONS') {
      preflights.push(url.pathname);
      res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': 'If-None-Match', 'Access-Control-Max-Age': '600' });
      return res.end();
    }
    const m = url.pathname.match(/^\/v1\/tracking\/([^/]+)$/);
    if (m) return tracking(decodeURIComponent(m[1]), url, req, res);
    staticLog.push(url.pathname);
    const page = pages.get(url.pathname);
    if (page) {
      const headers = { 'Content-Type': TYPES['.html'] };
      if (page.csp) headers['Content-Security-Policy'] = page.csp;
      res.writeHead(200, headers);
      return res.end(page.html);
    }
    if (await staticFile(url.pathname, res)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  server.on('connection', (s) => { open.add(s); s.on('close', () => open.delete(s)); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    /** Creates a tracked reference; returns it. `portalUrl` defaults to this origin's /p/<ref>. */
    track(state = {}, ref = randomUUID()) {
      refs.set(ref, {
        ref,
        steps: [],
        log: [],
        waiters: new Set(),
        state: {
          status: 'PENDING',
          version: 1,
          portalUrl: `${origin}/p/${ref}`,
          // The hand-off codes, as the reference service sends them while the session is open.
          shortCode: 'K7QM3XPA',
          matchCode: '47',
          expiresAt: new Date(Date.now() + 3600e3).toISOString(),
          updatedAt: new Date().toISOString(),
          ...state,
        },
      });
      return ref;
    },
    /** Queues scripted responses for the next requests of `ref`. */
    script(ref, ...steps) {
      refs.get(ref).steps.push(...steps);
    },
    /** Changes the state (version + 1 unless given) and releases long-polls. */
    update(ref, changes) {
      const r = refs.get(ref);
      r.state = { ...r.state, version: r.state.version + 1, updatedAt: new Date().toISOString(), ...changes };
      for (const w of [...r.waiters]) w();
    },
    requests: (ref) => refs.get(ref)?.log ?? [],
    preflights: () => [...preflights],
    staticRequests: () => staticLog,
    allTrackingRequests: () => trackingLog,
    /** Serves `html` at `path` (with an optional CSP header). */
    page(path, html, csp) {
      pages.set(path, { html, csp });
      return origin + path;
    },
    close() {
      for (const s of open) s.destroy();
      return new Promise((ok) => server.close(ok));
    },
  };
}
