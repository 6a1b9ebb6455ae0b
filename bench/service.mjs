// 5. The reference service on loopback, one function per measurement:
//   trackingRun      wrk on GET /v1/tracking (200 + JSON, and 304 with If-None-Match) at several
//                    connection counts, and POST /v1/user/invite.
//   longPollRun      N idle widgets long-polling at once: how many the service holds (its own
//                    /healthz count) and what they cost in resident memory.
//   webhookRun       N webhooks from a full outbox to one local receiver that answers 200.
//   slowWebhookRun   N webhooks where a tenth go to receivers that hang or trickle: how long
//                    the healthy receivers wait, and how the slow attempts end.
//   benchInstances   one vs two instances on one PostgreSQL database (tracking, outbox,
//                    long-poll wake-ups across instances).
// Every measurement runs on its own service process, so one cannot warm or load another; a
// failing one is reported as { error } and the others still run.
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { benchDir, log, quantile, repoRoot, sleep } from './lib/util.mjs';
import { API_KEY, finishPortal, invite, openPortal, startDemoService, SERVICE_BIN } from './lib/backend.mjs';
import { takeResponses } from '../tests/demo/helpers.mjs';

const pexec = promisify(execFile);

// Without this every measurement would only see the limiter's 429s (20 req/s per widget).
const NO_RATE_LIMIT = ['--rate-limit-rps', '0'];
// (startDemoService passes --allow-private-webhooks 1: the receivers here are on 127.0.0.1.)

// ---------------------------------------------------------------------------------------------
// Small helpers

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
    // "Socket errors: connect 0, read 3, write 0, timeout 12" — a timeout is a request that
    // got no answer within --timeout, so it is missing from the latency figures: show it.
    socketErrors: (text.match(/Socket errors:\s*(.*)/) || [null, ''])[1],
  };
}

async function wrk(url, { connections, seconds, script, headers = [] }) {
  // wrk shares the 2 cores with the server; 2 threads is what it can use without starving it.
  const args = ['-t', String(Math.min(2, connections)), '-c', String(connections), '-d', `${seconds}s`, '--latency', '--timeout', '10s'];
  for (const h of headers) args.push('-H', h);
  if (script) args.push('-s', script);
  args.push(url);
  const { stdout } = await pexec('wrk', args, { maxBuffer: 1 << 20 });
  return parseWrk(stdout);
}

/** Resident memory and thread count of a process, from the kernel's own accounting. */
function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((text.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [0, NaN])[1]) * 1024;
  return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM'), threads: Number((text.match(/^Threads:\s+(\d+)/m) || [0, NaN])[1]) };
}

/** `ulimit -n` of this process; the service inherits the same. */
export function openFileLimit() {
  const m = readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+|unlimited)/);
  return !m ? 0 : m[1] === 'unlimited' ? Infinity : Number(m[1]);
}

const health = async (base) => (await fetch(`${base}/healthz`)).json();

async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...await Promise.all(items.slice(i, i + size).map(fn)));
  return out;
}

const summary = (xs) => (xs.length
  ? { n: xs.length, min: Math.min(...xs), p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs) }
  : { n: 0 });

/** Runs one measurement; an exception becomes { error } so the other measurements still run. */
async function measured(name, fn) {
  log(`service: ${name}`);
  try {
    return await fn();
  } catch (e) {
    log(`service: ${name} failed: ${e.stack || e}`);
    return { error: String(e.message || e).split('\n')[0] };
  }
}

// ---------------------------------------------------------------------------------------------
// Tracking GET and invite throughput

async function trackingRun({ connections, seconds, inviteConnections }) {
  const out = { seconds, tracking200: [], tracking304: [], invite: [] };
  const svc = await startDemoService(NO_RATE_LIMIT);
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
  return out;
}

// ---------------------------------------------------------------------------------------------
// Idle long-polls: held count and memory per waiting widget

// One waiting widget on a raw keep-alive socket (one socket per widget, as a browser tab has):
// a plain GET for the current version, then `waitSeconds=30&sinceVersion=<that version>`,
// which the service parks until the session changes. Raw sockets rather than fetch: 10,000
// undici connections would cost the bench process more than the service we are measuring.
class Widget {
  constructor(port, ref) {
    this.ref = ref; this.buffer = ''; this.version = null; this.longPollAnswers = [];
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('error', (e) => { this.error = e.code || String(e); });
    this.socket.on('data', (d) => this.onData(d));
    this.socket.write(`GET /v1/tracking/${ref} HTTP/1.1\r\nHost: bench\r\n\r\n`);
  }

  onData(d) {
    this.buffer += d.toString('latin1');
    for (const { status, body } of takeResponses(this)) {
      if (this.version == null && status === 200) {
        this.version = JSON.parse(body).version;
        this.socket.write(`GET /v1/tracking/${this.ref}?waitSeconds=30&sinceVersion=${this.version} HTTP/1.1\r\nHost: bench\r\n\r\n`);
      } else {
        // Anything else is an answer to the long-poll (or a refusal): nothing changed, so
        // within the 30 s every one of these is an early answer.
        this.longPollAnswers.push(status);
      }
    }
  }
}

/** Sequential GETs on one keep-alive socket: latency of an ordinary request meanwhile. */
async function timedGets(port, refs) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let buffer = '';
  let answered = null; // resolves the request in flight
  let failed = null;
  socket.on('error', (e) => failed?.(e));
  socket.on('data', (d) => {
    buffer += d.toString('latin1');
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number((buffer.slice(0, end).match(/content-length:\s*(\d+)/i) || [0, 0])[1]);
    if (buffer.length < end + 4 + length) return;
    buffer = buffer.slice(end + 4 + length);
    answered?.();
  });
  const times = [];
  try {
    await new Promise((ok, fail) => { failed = fail; socket.once('connect', ok); });
    for (const ref of refs) {
      const t0 = performance.now();
      await new Promise((ok, fail) => {
        answered = ok; failed = fail;
        socket.write(`GET /v1/tracking/${ref} HTTP/1.1\r\nHost: bench\r\n\r\n`);
      });
      times.push(performance.now() - t0);
    }
  } finally {
    socket.destroy();
  }
  return times;
}

async function longPollRun({ widgets }) {
  // Each widget is a socket here and one in the service: both processes need the fds
  // (scripts/bench raises `ulimit -n`). With a lower limit, measure what fits and say so.
  const limit = openFileLimit();
  const count = Math.max(0, Math.min(widgets, limit - 500));
  if (count < widgets) log(`service: ulimit -n is ${limit}; ${count} widgets instead of ${widgets} (scripts/bench raises it)`);
  if (count < 100) return { error: `ulimit -n is ${limit}: too low to hold long-polls` };

  const svc = await startDemoService([...NO_RATE_LIMIT, '--session-ttl-s', '3600']);
  const open = [];
  try {
    const pid = svc.proc.pid;
    const atStart = procStatus(pid);
    // One session per widget (a shop with `count` customers on the QR page at once).
    const refs = await inBatches(Array.from({ length: count }, (_, i) => i), 32,
      async () => (await invite(svc.base)).trackingReference);
    // "Before" is taken with every session created, so the difference is the waiting only,
    // not the session store.
    await sleep(500);
    const before = procStatus(pid);

    // Open them in batches: the listen backlog is finite, like any server's.
    const t0 = performance.now();
    for (let i = 0; i < refs.length; i += 500) {
      for (const ref of refs.slice(i, i + 500)) open.push(new Widget(svc.port, ref));
      await sleep(50);
    }
    // Held = the service's own count of parked requests. The polls end at 30 s, so give up
    // well before that and report what was held.
    let h = await health(svc.base);
    while (h.http.heldRequests < count && performance.now() - t0 < 20000) {
      await sleep(100);
      h = await health(svc.base);
    }
    const openS = (performance.now() - t0) / 1000;
    await sleep(500); // let the allocator settle, then read
    h = await health(svc.base);
    const after = procStatus(pid);
    // While they wait: 200 ordinary GETs (different widgets' references) on one connection.
    const gets = await timedGets(svc.port, refs.slice(0, 200));
    return {
      widgets: count, requested: widgets, openFileLimit: limit,
      held: h.http.heldRequests, connections: h.http.connections, openS,
      answeredEarly: open.filter((w) => w.longPollAnswers.length).length,
      socketErrors: open.filter((w) => w.error).length,
      rss: { atStartBytes: atStart.rssBytes, beforeBytes: before.rssBytes, afterBytes: after.rssBytes, hwmBytes: after.hwmBytes },
      bytesPerWaitingWidget: (after.rssBytes - before.rssBytes) / Math.max(1, h.http.heldRequests),
      threads: after.threads,
      getWhileHeld: summary(gets),
    };
  } finally {
    for (const w of open) w.socket.destroy();
    await svc.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** Walks `urls.length` sessions through the portal (session i's webhook goes to urls[i]). */
async function fillSessions(base, urls, concurrency) {
  const t0 = Date.now();
  const refs = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      const r = await invite(base, urls[i]);
      await openPortal(base, r.trackingReference);
      await finishPortal(base, r.trackingReference);
      refs[i] = r.trackingReference;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - t0) / 1000;
  return { refs, portalFill: { sessions: urls.length, seconds, sessionsPerSecond: urls.length / seconds, concurrency } };
}

/** Waits until Phase 2 has queued `count` webhooks (pending counts claimed ones too). */
async function waitQueued(base, count) {
  let h;
  for (let i = 0; i < 600; i++) {
    h = await health(base);
    if (h.outbox.pending >= count) break;
    await sleep(100);
  }
  return h.outbox.pending;
}

// The Phase 2 verdict (and so the webhook) is due as soon as a session completes.
const PHASE2_NOW = ['--phase2-delay-min-ms', '0', '--phase2-delay-max-ms', '0', '--tick-ms', '10'];

/**
 * Webhook receivers that hold every request until release(), then answer 200 to all of them
 * (and to everything after): the outbox fills first, then the drain is timed. `delivered`:
 * webhook-id → ms after release, first answer only. One gate may serve several servers.
 */
function holdGate() {
  let held = [];
  let releasedAt = null;
  const delivered = new Map();
  const handle = (req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(200); res.end('ok');
        const id = req.headers['webhook-id'];
        if (!delivered.has(id)) delivered.set(id, Date.now() - releasedAt);
      };
      if (releasedAt == null) held.push(answer); else answer();
    });
  };
  const release = () => {
    releasedAt = Date.now();
    for (const answer of held) answer();
    held = [];
  };
  return { handle, release, delivered };
}

async function webhookRun(count, concurrency) {
  // The "before" measurement, unchanged in method: the receiver holds every request until
  // released, so the whole batch piles up in the outbox first; then it answers 200 at once and
  // we time the drain. One receiver = one endpoint, so at most 4 attempts are in flight.
  const gate = holdGate();
  const { delivered } = gate;
  const receiver = createServer(gate.handle);
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  const hookUrl = `http://127.0.0.1:${receiver.address().port}/hooks/idv`;
  const svc = await startDemoService([...PHASE2_NOW, ...NO_RATE_LIMIT,
    '--webhook-timeout-ms', '60000', '--retry-base-ms', '100', '--retry-jitter', '0']);
  try {
    const { portalFill } = await fillSessions(svc.base, Array(count).fill(hookUrl), concurrency);
    const queuedBeforeRelease = await waitQueued(svc.base, count);
    gate.release();
    const deadline = Date.now() + 180000;
    while (delivered.size < count && Date.now() < deadline) await sleep(20);
    const times = [...delivered.values()].sort((a, b) => a - b);
    return {
      count, delivered: times.length, queuedBeforeRelease,
      drainS: times.length ? times[times.length - 1] / 1000 : null,
      perSecond: times.length ? times.length / (times[times.length - 1] / 1000) : null,
      portalFill,
    };
  } finally {
    await svc.close();
    receiver.closeAllConnections?.();
    await new Promise((ok) => receiver.close(ok));
  }
}

/** A shop's webhook endpoint that answers 200 — once `state.answering` is set. */
async function normalReceiver(state) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!state.answering) return; // filling: hold it; the service's shutdown ends it
      res.writeHead(200); res.end('ok');
      const id = req.headers['webhook-id'];
      if (!state.delivered.has(id)) state.delivered.set(id, Date.now() - state.releasedAt);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}/hooks/idv` };
}

/**
 * A shop's endpoint that never answers within any deadline: 'hang' reads the request and says
 * nothing; 'trickle' sends a status line and then one header line every second, forever (a
 * per-read timeout never fires on it — only a total deadline ends it). Raw TCP, because an
 * HTTP server library would not let us send half a header block.
 * Records, per connection opened after release, when the request arrived and when the service
 * gave up on it.
 */
async function slowReceiver(kind, state) {
  const attempts = [];
  const server = net.createServer((socket) => {
    const a = { afterRelease: state.releasedAt != null, arrivedAt: null, endedAt: null };
    attempts.push(a);
    let timer = null;
    socket.on('error', () => {});
    socket.once('data', () => {
      a.arrivedAt = Date.now();
      if (kind === 'trickle') {
        socket.write('HTTP/1.1 200 OK\r\n');
        let n = 0;
        timer = setInterval(() => socket.write(`X-Trickle-${n++}: x\r\n`), 1000);
      }
    });
    socket.on('data', () => {}); // read and drop
    socket.on('close', () => { a.endedAt = Date.now(); clearInterval(timer); });
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    kind, server, attempts, sockets,
    url: `http://127.0.0.1:${server.address().port}/hooks/idv`,
    firstAfterRelease: () => attempts.find((a) => a.afterRelease && a.arrivedAt != null),
  };
}

async function slowWebhookRun({ count, slow, normalReceivers, concurrency, deadlineMs = 10000 }) {
  // `count` webhooks, one per session: `slow` of them (every count/slow-th) to their own slow
  // receiver — half hang, half trickle — and the rest spread over `normalReceivers` shops that
  // answer 200. Question: how long do the normal shops wait for their webhooks when slow ones
  // are in the same outbox, and does each slow attempt end at its deadline?
  //
  // To time a full outbox from one instant, the service runs twice on one data folder:
  //  1. fill: every session walked through the portal while no receiver answers, so every
  //     webhook is queued (held attempts are still "pending"). Then SIGTERM: the dispatcher
  //     gives its in-flight attempts back, due again at once.
  //  2. measure: the normal receivers answer 200, and the service restarts with production
  //     settings (a total deadline of `deadlineMs` per attempt, the default retry schedule).
  //     Release = the moment we spawn it, so its start-up (~tens of ms) counts against it.
  const state = { answering: false, releasedAt: null, delivered: new Map() };
  const normals = [];
  for (let i = 0; i < normalReceivers; i++) normals.push(await normalReceiver(state));
  const slows = [];
  for (let i = 0; i < slow; i++) slows.push(await slowReceiver(i % 2 ? 'trickle' : 'hang', state));
  // Slow sessions spread evenly through the outbox (every step-th), as they would arrive.
  const step = Math.max(1, Math.floor(count / slow));
  const slowAt = new Set(Array.from({ length: Math.min(slow, count) }, (_, k) => k * step + step - 1));
  let nextSlow = 0;
  let nextNormal = 0;
  const urls = Array.from({ length: count }, (_, i) => (slowAt.has(i)
    ? slows[nextSlow++].url : normals[nextNormal++ % normalReceivers].url));
  // One webhook per session (the portal walk's customer passes Phase 2 without a review).
  const normalCount = count - slowAt.size;

  let svc = await startDemoService([...PHASE2_NOW, ...NO_RATE_LIMIT,
    // Filling must not spend attempts: a long deadline, and should it still run out on a busy
    // machine, a retry that is due again at once.
    '--webhook-timeout-ms', '60000', '--retry-base-ms', '1', '--retry-cap-ms', '1', '--retry-jitter', '0', '--retry-max-attempts', '100']);
  const dataDir = svc.dataDir;
  try {
    const { refs, portalFill } = await fillSessions(svc.base, urls, concurrency);
    const queuedBeforeRelease = await waitQueued(svc.base, count);
    await svc.stop(); // keeps the data folder
    for (const s of slows) for (const sock of s.sockets) sock.destroy();
    for (const n of normals) n.server.closeAllConnections?.();

    state.answering = true;
    state.releasedAt = Date.now();
    svc = await startDemoService([...NO_RATE_LIMIT, '--webhook-timeout-ms', String(deadlineMs)], { dataDir });
    const readyMs = Date.now() - state.releasedAt;

    // Wait for every normal webhook, and for every slow receiver's first attempt to end (the
    // slow ones claimed late start late, so allow a few deadlines).
    const until = Date.now() + Math.max(90000, 6 * deadlineMs);
    const slowDone = () => slows.every((s) => s.firstAfterRelease()?.endedAt != null);
    while ((state.delivered.size < normalCount || !slowDone()) && Date.now() < until) await sleep(20);
    const normalTimes = [...state.delivered.values()];

    // How the slow attempts ended, seen from the receiver (request in → connection cut) ...
    const firsts = slows.map((s) => ({ kind: s.kind, a: s.firstAfterRelease() }));
    const ended = firsts.filter((f) => f.a?.endedAt != null);
    const cutAfterS = ended.map((f) => (f.a.endedAt - f.a.arrivedAt) / 1000);
    const startedAfterS = firsts.filter((f) => f.a).map((f) => (f.a.arrivedAt - state.releasedAt) / 1000);
    // ... and in the service's own words: the first webhook event after release, per session.
    const words = new Map();
    for (const i of slowAt) {
      const res = await fetch(`${svc.base}/v1/user/${refs[i]}/events`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      const e = ((await res.json()).events || []).find((x) => x.kind.startsWith('webhook.') && x.atMs >= state.releasedAt);
      // "attempt 1: timed out after 10.0 s — retry in 5.2 s" → "timed out after 10.0 s"
      const text = e ? e.detail.replace(/^attempt \d+: /, '').replace(/ — .*$/, '') : 'no attempt recorded';
      words.set(text, (words.get(text) || 0) + 1);
    }
    return {
      count, slow: slowAt.size, normal: normalCount, normalReceivers, deadlineMs, queuedBeforeRelease,
      serviceReadyMs: readyMs,
      normalDelivered: normalTimes.length,
      normalAllS: normalTimes.length === normalCount ? Math.max(...normalTimes) / 1000 : null,
      normalWithin1s: normalTimes.filter((t) => t <= 1000).length,
      normalMs: summary(normalTimes),
      slowEnded: ended.length,
      slowCutAfterS: summary(cutAfterS),
      slowStartedAfterS: summary(startedAfterS),
      slowByKind: Object.fromEntries(['hang', 'trickle'].map((k) => [k, summary(ended.filter((f) => f.kind === k).map((f) => (f.a.endedAt - f.a.arrivedAt) / 1000))])),
      slowOutcomes: Object.fromEntries(words),
      portalFill,
    };
  } finally {
    await svc.close();
    for (const s of slows) { for (const sock of s.sockets) sock.destroy(); s.server.close(); }
    for (const n of normals) { n.server.closeAllConnections?.(); n.server.close(); }
  }
}

// ---------------------------------------------------------------------------------------------
// More than one instance: one or two services on one PostgreSQL database (issue 12)
//   tracking GET     wrk against one instance, then against both at once (summed req/s)
//   outbox           N webhooks queued while the receivers hold, then released: webhooks/s
//   long-poll        a poll held on A, the session changed on B: B's answer → A's answer
// The cluster is a throwaway one (scripts/pg-cluster) with the server's default durability.

const TEST_HOOKS = ['--test-hooks', '1'];

async function startCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'idv-bench-pg-'));
  const script = join(repoRoot, 'scripts/pg-cluster');
  const { stdout } = await pexec(script, ['start', dir, '5432']);
  return {
    conn: stdout.trim(),
    async stop() { await pexec(script, ['stop', dir]).catch(() => {}); rmSync(dir, { recursive: true, force: true }); },
  };
}

let benchDbCount = 0;
async function freshDatabase(cluster) {
  const name = `idv_bench_${process.pid}_${++benchDbCount}`;
  await pexec('psql', [cluster.conn, '-qc', `CREATE DATABASE ${name}`]);
  return `${cluster.conn.replace(/\s*dbname=\S+/, '')} dbname=${name}`;
}

// The runs of each measurement: SQLite (one instance, the default engine, for reference), then
// one and two instances on PostgreSQL.
const RUNS = [['sqlite', 1], ['1', 1], ['2', 2]];

/** `n` instances on one fresh database, sharing a data folder ('sqlite': its service.db). */
async function startInstances(cluster, label, n, args) {
  const database = label === 'sqlite' ? [] : ['--database', await freshDatabase(cluster)];
  const dataDir = mkdtempSync(join(tmpdir(), 'idv-bench-'));
  const all = [];
  for (let i = 0; i < n; i++) all.push(await startDemoService([...database, ...args], { dataDir }));
  return { all, async close() { await Promise.all(all.map((s) => s.close())); } };
}

async function trackingInstancesRun(cluster, { seconds, connections }) {
  const out = {};
  for (const [label, n] of RUNS) {
    const svc = await startInstances(cluster, label, n, NO_RATE_LIMIT);
    try {
      const r = await invite(svc.all[0].base);
      // Both answer from their own cache once warm; each instance gets half the connections.
      const runs = await Promise.all(svc.all.map((s) => wrk(`${s.base}/v1/tracking/${r.trackingReference}`,
        { connections: Math.max(1, Math.round(connections / n)), seconds })));
      out[label] = { rps: runs.reduce((a, x) => a + x.rps, 0), p99ms: Math.max(...runs.map((x) => x.p99ms)), non2xx: runs.reduce((a, x) => a + x.non2xx, 0) };
    } finally { await svc.close(); }
  }
  return out;
}

async function outboxInstancesRun(cluster, { count, receivers = 4 }) {
  const out = {};
  for (const [label, n] of RUNS) {
    const gate = holdGate();
    const { delivered } = gate;
    const servers = [];
    for (let i = 0; i < receivers; i++) {
      const server = createServer(gate.handle);
      await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
      servers.push(server);
    }
    const urls = servers.map((sv) => `http://127.0.0.1:${sv.address().port}/hooks/idv`);
    const svc = await startInstances(cluster, label, n, [...TEST_HOOKS, ...NO_RATE_LIMIT, '--tick-ms', '10',
      '--webhook-timeout-ms', '60000']);
    try {
      const bases = svc.all.map((s) => s.base);
      const refs = await inBatches([...Array(count).keys()], 32, async (i) => (await invite(bases[i % n], urls[i % urls.length])).trackingReference);
      await inBatches(refs.map((ref, i) => [ref, i]), 32, async ([ref, i]) => {
        const res = await fetch(`${bases[i % n]}/v1/test/sessions/${ref}/fail?reason=terminated`,
          { method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
        await res.arrayBuffer();
      });
      const queued = await waitQueued(bases[0], count);
      gate.release();
      const deadline = Date.now() + 120000;
      while (delivered.size < count && Date.now() < deadline) await sleep(20);
      const last = Math.max(...delivered.values());
      out[label] = { count, queued, delivered: delivered.size, drainS: last / 1000, perSecond: delivered.size / (last / 1000) };
    } finally {
      await svc.close();
      for (const sv of servers) { sv.closeAllConnections?.(); sv.close(); }
    }
  }
  return out;
}

async function longPollInstancesRun(cluster, { polls }) {
  const svc = await startInstances(cluster, '2', 2, [...TEST_HOOKS, ...NO_RATE_LIMIT]);
  const [a, b] = svc.all;
  const lat = [];
  try {
    for (let i = 0; i < polls; i++) {
      const { trackingReference: ref } = await invite(a.base);
      let answeredAt = 0;
      const held = fetch(`${a.base}/v1/tracking/${ref}?waitSeconds=10&sinceVersion=1`)
        .then(async (r) => { answeredAt = performance.now(); await r.arrayBuffer(); });
      await sleep(15); // parked on A
      const res = await fetch(`${b.base}/v1/test/sessions/${ref}/fail?reason=terminated`,
        { method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
      const committedAt = performance.now();
      await res.arrayBuffer();
      await held;
      lat.push(Math.max(0, answeredAt - committedAt));
    }
  } finally { await svc.close(); }
  return summary(lat);
}

export async function benchInstances({ seconds = 5, connections = 64, webhooks = 1000, polls = 200 } = {}) {
  if (!existsSync(SERVICE_BIN)) return { skipped: `${SERVICE_BIN} not built` };
  const cluster = await startCluster();
  try {
    return {
      seconds, connections, webhooks, polls,
      tracking: await measured('tracking GET, 1 vs 2 instances', () => trackingInstancesRun(cluster, { seconds, connections })),
      outbox: await measured(`${webhooks} webhooks, 1 vs 2 instances`, () => outboxInstancesRun(cluster, { count: webhooks })),
      longPoll: await measured('long-poll wake-up across instances', () => longPollInstancesRun(cluster, { polls })),
    };
  } finally { await cluster.stop(); }
}

// ---------------------------------------------------------------------------------------------

export async function benchService({
  connections = [8, 64, 256, 1024], seconds = 5, inviteConnections = [1, 8],
  longPolls = 10000, webhooks = 1000, slowWebhooks = 1000, slowReceivers = 100, normalReceivers = 10,
} = {}) {
  if (!existsSync(SERVICE_BIN)) return { skipped: `${SERVICE_BIN} not built` };
  const out = { binary: SERVICE_BIN, openFileLimit: openFileLimit() };
  out.tracking = await measured('tracking GET / invite under wrk', () => trackingRun({ connections, seconds, inviteConnections }));
  out.longPolls = await measured(`${longPolls} idle long-polls`, () => longPollRun({ widgets: longPolls }));
  out.webhooks = await measured(`${webhooks} webhooks, one receiver`, () => webhookRun(webhooks, 8));
  out.slowWebhooks = await measured(`${slowWebhooks} webhooks, ${slowReceivers} slow receivers`,
    () => slowWebhookRun({ count: slowWebhooks, slow: slowReceivers, normalReceivers, concurrency: 8 }));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchService({ connections: [8, 64], seconds: 2, inviteConnections: [8], longPolls: 2000, webhooks: 200, slowWebhooks: 200, slowReceivers: 20, normalReceivers: 4 }), null, 1));
}
