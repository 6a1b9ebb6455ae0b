// 5. The reference service on loopback: tracking endpoint throughput and p99 under wrk at several
// connection counts (200 with a body, and 304 with If-None-Match), invite throughput, and the
// time to deliver N webhooks from a full outbox to a local receiver that answers 200.
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { benchDir, log, sleep } from './lib/util.mjs';
import { finishPortal, invite, openPortal, startDemoService, SERVICE_BIN } from './lib/backend.mjs';
import { existsSync } from 'node:fs';

const pexec = promisify(execFile);

function parseWrk(text) {
  const num = (re) => { const m = text.match(re); return m ? Number(m[1]) : null; };
  const dur = (s) => {
    const m = s && s.match(/([\d.]+)(us|ms|s)/);
    if (!m) return null;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const line = (p) => { const m = text.match(new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm')); return m ? dur(m[1]) : null; };
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    p50ms: line('50'), p90ms: line('90'), p99ms: line('99'),
    non2xx: num(/Non-2xx or 3xx responses:\s+(\d+)/) ?? 0,
    socketErrors: (text.match(/Socket errors:.*/) || [''])[0],
  };
}

async function wrk(url, { connections, seconds, script, headers = [] }) {
  const args = ['-t', String(Math.min(2, connections)), '-c', String(connections), '-d', `${seconds}s`, '--latency', '--timeout', '10s'];
  for (const h of headers) args.push('-H', h);
  if (script) args.push('-s', script);
  args.push(url);
  const { stdout } = await pexec('wrk', args, { maxBuffer: 1 << 20 });
  return parseWrk(stdout);
}

async function webhookRun(count, concurrency) {
  // The receiver holds every request until released, so the whole batch piles up in the
  // outbox first; then it answers 200 at once and we time the drain.
  let held = [];
  let release = null;
  const delivered = new Map(); // webhook-id → ms after release
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(200); res.end('ok');
        const id = req.headers['webhook-id'];
        if (release != null && !delivered.has(id)) delivered.set(id, Date.now() - release);
      };
      if (release == null) held.push(answer); else answer();
    });
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  const hookUrl = `http://127.0.0.1:${receiver.address().port}/hooks/idv`;
  const svc = await startDemoService(['--phase2-delay-min-ms', '0', '--phase2-delay-max-ms', '0', '--tick-ms', '10',
    '--webhook-timeout-ms', '60000', '--retry-base-ms', '100', '--retry-jitter', '0', '--rate-limit-rps', '0']);
  try {
    const t0 = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        const r = await invite(svc.base, hookUrl);
        await openPortal(svc.base, r.trackingReference);
        await finishPortal(svc.base, r.trackingReference);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const fillS = (Date.now() - t0) / 1000;
    // Wait until Phase 2 has queued every webhook.
    let h;
    for (let i = 0; i < 600; i++) {
      h = await (await fetch(`${svc.base}/healthz`)).json();
      if (h.outbox.pending >= count) break;
      await sleep(100);
    }
    release = Date.now();
    for (const a of held) a();
    held = [];
    const deadline = Date.now() + 180000;
    while (delivered.size < count && Date.now() < deadline) await sleep(20);
    const times = [...delivered.values()].sort((a, b) => a - b);
    return {
      count, delivered: times.length, queuedBeforeRelease: h.outbox.pending,
      drainS: times.length ? times[times.length - 1] / 1000 : null,
      perSecond: times.length ? times.length / (times[times.length - 1] / 1000) : null,
      portalFill: { sessions: count, seconds: fillS, sessionsPerSecond: count / fillS, concurrency },
    };
  } finally {
    await svc.close();
    receiver.closeAllConnections?.();
    await new Promise((ok) => receiver.close(ok));
  }
}

export async function benchService({ connections = [1, 8, 32, 64], seconds = 5, webhooks = 1000, inviteConnections = [1, 8] } = {}) {
  if (!existsSync(SERVICE_BIN)) return { skipped: `${SERVICE_BIN} not built` };
  const out = { seconds, tracking200: [], tracking304: [], invite: [] };
  const svc = await startDemoService(['--rate-limit-rps', '0']);
  try {
    const r = await invite(svc.base);
    const url = `${svc.base}/v1/tracking/${r.trackingReference}`;
    const etag = (await fetch(url)).headers.get('etag');
    for (const c of connections) {
      log(`service: tracking c=${c}`);
      out.tracking200.push({ connections: c, ...(await wrk(url, { connections: c, seconds })) });
      out.tracking304.push({ connections: c, ...(await wrk(url, { connections: c, seconds, headers: [`If-None-Match: ${etag}`] })) });
    }
    for (const c of inviteConnections) {
      log(`service: invite c=${c}`);
      out.invite.push({ connections: c, ...(await wrk(`${svc.base}/v1/user/invite`, { connections: c, seconds, script: join(benchDir, 'wrk/invite.lua') })) });
    }
  } finally {
    await svc.close();
  }
  log(`service: ${webhooks} webhooks`);
  out.webhooks = await webhookRun(webhooks, 8);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchService({ connections: [1, 8], seconds: 2, webhooks: 100, inviteConnections: [8] }), null, 1));
}
