// Shared helpers of the demo's node tests: start the real binaries on free loopback ports with
// temporary data folders, walk the portal over HTTP, receive webhooks, check signatures with
// node's own crypto (an implementation independent of the C++ one).
import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binDir = process.env.IDV_DEMO_BIN_DIR ?? path.join(repoRoot, 'build/native/demo');
export const serviceBin = path.join(binDir, 'idv-demo-service');
export const merchantBin = path.join(binDir, 'merchant/idv-demo-merchant');

export const API_KEY = 'test_api_key_0123456789abcdef';
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export function requireBinary(bin) {
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build first (cmake --preset native && cmake --build --preset native)`);
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'idv-demo-test-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Spawns a server binary and resolves once it prints "listening on".
export async function startProcess(bin, args, env = {}) {
  requireBinary(bin);
  const proc = spawn(bin, args, {
    env: { ...process.env, IDV_API_KEY: API_KEY, IDV_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${bin} did not start:\n${stderr}`)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('listening on')) { clearTimeout(timer); resolve(); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${bin} exited ${code}:\n${stderr}`)); });
  });
  proc.removeAllListeners('exit');
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    log: () => stderr,
    exited,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      proc.kill('SIGKILL');
      return exited;
    },
  };
}

// Fast settings so tests never wait for demo pacing.
export const FAST_SERVICE_ARGS = [
  '--phase2-delay-min-ms', '200', '--phase2-delay-max-ms', '200', '--review-delay-ms', '200',
  '--webhook-timeout-ms', '1000', '--retry-base-ms', '150', '--retry-factor', '2',
  '--retry-jitter', '0.1', '--tick-ms', '50',
  // The tests' webhook receivers listen on loopback, which the service refuses by default.
  '--allow-private-webhooks', '1',
];

export async function startService({ dataDir, port, args = [] }) {
  const p = port ?? await freePort();
  const base = `http://127.0.0.1:${p}`;
  const server = await startProcess(serviceBin, ['--port', String(p), '--data-dir', dataDir, ...FAST_SERVICE_ARGS, ...args]);
  return { ...server, base, port: p };
}

/** The demo shop on a free port, against `serviceBase`, sharing `dataDir`; adds `base`. */
export async function startMerchant({ dataDir, serviceBase, args = [] }) {
  const port = await freePort();
  const m = await startProcess(merchantBin,
    ['--port', String(port), '--data-dir', dataDir, '--service-base', serviceBase, ...args]);
  return { ...m, base: `http://127.0.0.1:${port}` };
}

// --- the Chromium suites -----------------------------------------------------------------
// The widget as the shop serves it (scripts/build makes dist/); IDV_DIST_DIR overrides.
export const distDir = process.env.IDV_DIST_DIR ?? path.join(repoRoot, 'dist');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium through playwright-core, headless. */
export async function launchChromium() {
  const { chromium } = createRequire(import.meta.url)('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * The service and the demo shop serving dist/, on free ports, sharing `dataDir`. The shop's
 * origin is known first, so `serviceArgs(shopBase)` can name it (e.g. --wallet-origins).
 * Fails loudly, never skips, when dist/ is missing.
 */
export async function startShop({ dataDir, serviceArgs = () => [] }) {
  for (const f of ['idv-widget.js', 'idv-widget.wasm']) {
    if (!existsSync(path.join(distDir, f))) throw new Error(`${distDir}/${f} is missing: run scripts/build`);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = await startService({ dataDir, args: serviceArgs(base) });
  const m = await startProcess(merchantBin,
    ['--port', String(port), '--data-dir', dataDir, '--service-base', service.base, '--dist-dir', distDir]);
  return { service, merchant: { ...m, base } };
}

export async function invite(base, body, { apiKey = API_KEY, contentType = 'application/json' } = {}) {
  const headers = { 'Content-Type': contentType };
  if (apiKey !== null) headers.Authorization = `Bearer ${apiKey}`;
  const res = await fetch(`${base}/v1/user/invite`, {
    method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

// A real PNG (solid colour), so the service's type sniffing sees a genuine image.
export function makePng(width = 64, height = 48, rgb = [40, 120, 200]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', body, redirect: 'manual' });
  await res.arrayBuffer();
  return res.status;
}

// Walks consent -> details -> document -> selfie over plain HTTP, like a browser without JS.
// options: userAgent (sent on every request), nationality, documentExpiry (optional fields).
export async function completePortal(base, ref, person = {}, options = {}) {
  const p = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-23', documentNumber: 'AB12345', ...person };
  const headers = options.userAgent ? { 'User-Agent': options.userAgent } : {};
  const post = async (url, body) => {
    const res = await fetch(url, { method: 'POST', body, redirect: 'manual', headers });
    await res.arrayBuffer();
    return res.status;
  };
  const page = await fetch(`${base}/p/${ref}`, { headers });
  if (page.status !== 200) throw new Error(`portal answered ${page.status}`);
  await page.text();
  const steps = [];
  steps.push(await post(`${base}/p/${ref}/consent`, new URLSearchParams({ consent: 'yes' })));
  steps.push(await post(`${base}/p/${ref}/details`, new URLSearchParams({
    firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth })));
  const doc = new FormData();
  doc.set('documentType', 'PASSPORT');
  doc.set('documentNumber', p.documentNumber);
  if (options.nationality) doc.set('nationality', options.nationality);
  if (options.documentExpiry) doc.set('documentExpiry', options.documentExpiry);
  doc.set('front', new Blob([makePng()], { type: 'image/png' }), 'front.png');
  steps.push(await post(`${base}/p/${ref}/document`, doc));
  const selfie = new FormData();
  selfie.set('selfie', new Blob([makePng(32, 32, [200, 160, 120])], { type: 'image/png' }), 'selfie.png');
  steps.push(await post(`${base}/p/${ref}/selfie`, selfie));
  if (steps.some((s) => s !== 303)) throw new Error(`portal steps answered ${steps.join(',')}`);
}

// A webhook receiver on a free loopback port; `respond(req, n)` decides each answer
// (n = 1-based request count); return {status} or {hang: ms}.
export async function startReceiver(respond) {
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const record = { at: Date.now(), headers: req.headers, body, url: req.url };
      requests.push(record);
      const plan = respond(record, requests.length) ?? { status: 200 };
      const answer = () => { if (!res.destroyed) { res.writeHead(plan.status ?? 200); res.end('ok'); } };
      if (plan.hang) setTimeout(answer, plan.hang); else answer();
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/idv`,
    requests,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}

// Standard Webhooks check written independently of the C++ code.
export function verifySignature(secret, headers, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return (headers['webhook-signature'] ?? '').split(' ').some((part) => {
    if (!part.startsWith('v1,')) return false;
    const got = Buffer.from(part.slice(3), 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export async function waitFor(predicate, { timeout = 15000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function health(base) {
  return (await fetch(`${base}/healthz`)).json();
}

// Complete HTTP/1.1 responses (Content-Length framed) taken off the front of `conn.buffer`, a
// latin1 string a raw socket's data is appended to; what is incomplete stays in the buffer.
// For the tests and benches that hold thousands of raw keep-alive sockets (fetch would cost
// the client more than the server being measured).
export function takeResponses(conn) {
  const out = [];
  for (;;) {
    const end = conn.buffer.indexOf('\r\n\r\n');
    if (end < 0) return out;
    const head = conn.buffer.slice(0, end);
    const length = Number((head.match(/content-length:\s*(\d+)/i) || [0, 0])[1]);
    if (conn.buffer.length < end + 4 + length) return out;
    out.push({ status: Number(head.slice(9, 12)), head, body: conn.buffer.slice(end + 4, end + 4 + length) });
    conn.buffer = conn.buffer.slice(end + 4 + length);
  }
}
