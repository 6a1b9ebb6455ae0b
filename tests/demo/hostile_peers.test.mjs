// Both servers against peers that mean harm or are merely slow: compressed bombs, endless
// chunked bodies and thousands of connections that trickle their headers. Real binaries on
// loopback, raw sockets for exact bytes, curl (a separate process with its own clock) for the
// latency of the requests that must keep working meanwhile.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  freePort, invite, merchantBin, startProcess, startService, tempDir,
} from './helpers.mjs';

const pexec = promisify(execFile);
const MiB = 1024 * 1024;

function rssBytes(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]) * 1024;
}

// A gzip stream that inflates to 1 GiB: 64 members of 16 MiB of zeros each (a multi-member
// gzip file is valid; each member compresses to ~16 KB). Sent whole: ~1 MiB on the wire.
const GZIP_BOMB = (() => {
  const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
})();

// Sends a raw request and returns the status line's code (0 when the peer closed without an
// answer). `body` is a Buffer sent at once, or 'chunked-endless': 64 KiB chunks until the
// server answers or 256 MiB went out.
function rawRequest(port, { method = 'POST', path, headers = {}, body }) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done === true) return;
      done = true;
      socket.destroy();
      const m = answer.match(/^HTTP\/1\.1 (\d{3})/);
      resolve({ status: m ? Number(m[1]) : 0, sent, answer });
    };
    socket.on('data', (d) => {
      done = done || 'answered';  // a client stops sending once it has the answer
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) setTimeout(finish, 20);
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.setTimeout(30000, finish);
    const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(head);
    if (Buffer.isBuffer(body)) {
      socket.write(body);
      sent = body.length;
    } else if (body === 'chunked-endless') {
      const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(65536, 0x61), Buffer.from('\r\n')]);
      const pump = () => {
        while (!done && sent < 256 * MiB) {
          sent += 65536;
          if (!socket.write(chunk)) { socket.once('drain', pump); return; }
        }
      };
      pump();
    }
  });
}

// One GET timed by curl itself (time_total), on a fresh connection.
async function curlTime(url) {
  const { stdout } = await pexec('curl', ['-s', '-o', '/dev/null', '-m', '5', '-w', '%{http_code} %{time_total}', url]);
  const [code, seconds] = stdout.trim().split(' ');
  return { code: Number(code), ms: Number(seconds) * 1000 };
}

describe('hostile peers', () => {
  let data; let service; let merchant; let merchantPort; let ref;

  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir, args: ['--test-hooks', '1'] });
    merchantPort = await freePort();
    merchant = await startProcess(merchantBin, ['--port', String(merchantPort), '--data-dir', data.dir,
      '--service-base', service.base]);
    const created = await invite(service.base, { referenceData: 'hostile', webhookUrl: 'https://shop.example/hooks' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    ref = created.json.trackingReference;
  });

  after(async () => {
    await merchant?.stop();
    await service?.stop();
    data?.cleanup();
  });

  // Every POST route of both servers (the portal's photo steps have the largest limit).
  const routes = () => [
    ['service', service.port, '/v1/user/invite'],
    ['service', service.port, `/p/${ref}/consent`],
    ['service', service.port, `/p/${ref}/details`],
    ['service', service.port, `/p/${ref}/document`],
    ['service', service.port, `/p/${ref}/selfie`],
    ['service', service.port, `/v1/test/sessions/${ref}/fail`],
    ['service', service.port, '/code'],
    ['service', service.port, `/v1/wallet/${ref}/request`],
    ['service', service.port, `/v1/wallet/${ref}/response`],
    ['merchant', merchantPort, '/api/checkout'],
    ['merchant', merchantPort, '/webhooks/idv'],
  ];

  test('a 1 GiB gzip bomb is refused with 415 on every POST route, never inflated', async () => {
    const before = { service: rssBytes(service.proc.pid), merchant: rssBytes(merchant.proc.pid) };
    for (const [who, port, path] of routes()) {
      const r = await rawRequest(port, {
        path, body: GZIP_BOMB,
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': GZIP_BOMB.length },
      });
      assert.equal(r.status, 415, `${who} ${path}: ${r.answer.slice(0, 200)}`);
    }
    for (const who of ['service', 'merchant']) {
      const pid = (who === 'service' ? service : merchant).proc.pid;
      const grew = rssBytes(pid) - before[who];
      assert.ok(grew < 32 * MiB, `${who} RSS grew by ${(grew / MiB).toFixed(1)} MiB`);
    }
  });

  test('a 256 MiB chunked body is cut with 413 on every POST route; RSS grows < 32 MiB', async () => {
    const before = { service: rssBytes(service.proc.pid), merchant: rssBytes(merchant.proc.pid) };
    for (const [who, port, path] of routes()) {
      const r = await rawRequest(port, {
        path, body: 'chunked-endless',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Transfer-Encoding': 'chunked' },
      });
      assert.equal(r.status, 413, `${who} ${path}: ${r.answer.slice(0, 200)}`);
      assert.ok(r.sent < 64 * MiB, `${who} ${path} read ${r.sent} bytes before answering`);
    }
    for (const who of ['service', 'merchant']) {
      const pid = (who === 'service' ? service : merchant).proc.pid;
      const grew = rssBytes(pid) - before[who];
      assert.ok(grew < 32 * MiB, `${who} RSS grew by ${(grew / MiB).toFixed(1)} MiB`);
    }
  });

  test('a Content-Length over the route limit is 413 before any body is sent', async () => {
    for (const [who, port, path] of routes()) {
      const r = await rawRequest(port, { path, headers: { 'Content-Length': String(1 << 30) } });
      assert.equal(r.status, 413, `${who} ${path}`);
      assert.equal(r.sent, 0);
    }
  });

  test('headers over 16 KiB are 431', async () => {
    for (const port of [service.port, merchantPort]) {
      const r = await rawRequest(port, { method: 'GET', path: '/healthz', headers: { 'X-Big': 'a'.repeat(17 * 1024) } });
      assert.equal(r.status, 431);
    }
  });

  test('1,000 connections trickling headers: /healthz on both servers answers within 100 ms throughout', async () => {
    const sockets = [];
    for (const port of [service.port, merchantPort]) {
      for (let i = 0; i < 500; i++) {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => {});
        s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        sockets.push(s);
      }
    }
    // One more header byte per connection every second, for 12 s: past the 10 s deadline, so
    // the servers also cut them (and keep answering while they do).
    const timer = setInterval(() => { for (const s of sockets) if (!s.destroyed) s.write('a'); }, 1000);
    const samples = [];
    try {
      const end = Date.now() + 12000;
      while (Date.now() < end) {
        for (const base of [service.base, `http://127.0.0.1:${merchantPort}`]) {
          const r = await curlTime(`${base}/healthz`);
          samples.push(r);
          assert.equal(r.code, 200, `${base}/healthz answered ${r.code}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      clearInterval(timer);
    }
    const worst = Math.max(...samples.map((s) => s.ms));
    assert.ok(samples.length >= 40, `only ${samples.length} probes`);
    assert.ok(worst <= 100, `slowest /healthz took ${worst.toFixed(1)} ms`);
    // The trickling connections were cut at the 10 s request deadline, not left open.
    await new Promise((r) => setTimeout(r, 500));
    const open = sockets.filter((s) => !s.destroyed && !s.readableEnded).length;
    for (const s of sockets) s.destroy();
    assert.equal(open, 0, `${open} trickling connections still open after 12 s`);
  });
});
