// Two service instances on one PostgreSQL database (docs/demo.md, "Running more than one
// instance"): migrations at start, long-poll wake-ups across instances, the outbox delivering
// each webhook once with both instances sending, and one instance killed mid-delivery.
// Needs IDV_TEST_PG, a key=value connection string to a server where the role may create
// databases (scripts/test starts a throwaway cluster: scripts/pg-cluster). Without it these
// tests skip, or fail when IDV_TEST_PG_REQUIRED=1 (scripts/test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { API_KEY, invite, makePng, startReceiver, startService, tempDir, waitFor, health } from './helpers.mjs';

const PG = process.env.IDV_TEST_PG ?? '';
const required = process.env.IDV_TEST_PG_REQUIRED === '1';
const skip = PG || required ? false : 'IDV_TEST_PG not set (scripts/test starts a PostgreSQL cluster)';

let dbCounter = 0;
// A fresh, empty database; returns its connection string.
function freshDatabase() {
  assert.ok(PG, 'IDV_TEST_PG is not set but PostgreSQL tests are required');
  const name = `idv_t_${process.pid}_${++dbCounter}`;
  execFileSync('psql', [PG, '-qc', `CREATE DATABASE ${name}`]);
  return { conn: `${PG.replace(/\s*dbname=\S+/, '')} dbname=${name}`, name };
}
function dropDatabase(name) {
  try { execFileSync('psql', [PG, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch { /* best effort */ }
}
function sql(conn, query) {
  return execFileSync('psql', [conn, '-tAc', query]).toString().trim();
}

// Two instances sharing the database and the data folder (uploads), started at once.
async function startPair(conn, args = []) {
  const data = tempDir();
  const common = ['--database', conn, '--test-hooks', '1', ...args];
  const [a, b] = await Promise.all([
    startService({ dataDir: data.dir, args: common }),
    startService({ dataDir: data.dir, args: common }),
  ]);
  return {
    a, b,
    async stop() { await Promise.all([a.stop(), b.stop()]); data.cleanup(); },
  };
}

const auth = { Authorization: `Bearer ${API_KEY}` };
async function failSession(base, ref) {
  const res = await fetch(`${base}/v1/test/sessions/${ref}/fail?reason=terminated`, { method: 'POST', headers: auth });
  await res.arrayBuffer();
  assert.equal(res.status, 200);
}
// Runs fn(i) for i < n, `width` at a time.
async function inBatches(n, width, fn) {
  for (let i = 0; i < n; i += width) {
    await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, k) => fn(i + k)));
  }
}
async function inviteOn(base, url, i) {
  const r = await invite(base, { referenceData: `order-${i}`, webhookUrl: url });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.trackingReference;
}

test('two instances starting at once on an empty database: one schema, both serve', { skip }, async () => {
  const db = freshDatabase();
  try {
    const pair = await startPair(db.conn);
    try {
      assert.equal((await health(pair.a.base)).ok, true);
      assert.equal((await health(pair.b.base)).ok, true);
      const latest = Number(sql(db.conn, 'SELECT MAX(version) FROM schema_migrations'));
      assert.ok(latest >= 1);
      assert.equal(Number(sql(db.conn, 'SELECT COUNT(*) FROM schema_migrations')), latest, 'each version once');
      // What one instance writes, the other reads.
      const receiver = await startReceiver(() => ({ status: 200 }));
      const ref = await inviteOn(pair.a.base, receiver.url, 0);
      const t = await fetch(`${pair.b.base}/v1/tracking/${ref}`);
      assert.equal(t.status, 200);
      assert.equal((await t.json()).status, 'PENDING');
      await receiver.close();
    } finally { await pair.stop(); }
  } finally { dropDatabase(db.name); }
});

test('a long-poll held on A is woken by a portal completion made on B, not by its timeout', { skip, timeout: 90000 }, async (t) => {
  const db = freshDatabase();
  const receiver = await startReceiver(() => ({ status: 200 }));
  const pair = await startPair(db.conn);
  try {
    const latencies = [];
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      const ref = await inviteOn(pair.a.base, receiver.url, i);
      const { b } = pair;
      const post = async (step, body) => {
        const res = await fetch(`${b.base}/p/${ref}/${step}`, { method: 'POST', body, redirect: 'manual' });
        await res.arrayBuffer();
        assert.equal(res.status, 303, step);
      };
      await (await fetch(`${b.base}/p/${ref}`)).text();  // IN_PROGRESS
      await post('consent', new URLSearchParams({ consent: 'yes' }));
      await post('details', new URLSearchParams({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-23' }));
      const doc = new FormData();
      doc.set('documentType', 'PASSPORT');
      doc.set('documentNumber', 'AB12345');
      doc.set('front', new Blob([makePng()], { type: 'image/png' }), 'front.png');
      await post('document', doc);
      const before = await (await fetch(`${pair.a.base}/v1/tracking/${ref}`)).json();
      assert.equal(before.status, 'IN_PROGRESS');
      let answeredAt = 0;
      const held = fetch(`${pair.a.base}/v1/tracking/${ref}?waitSeconds=10&sinceVersion=${before.version}`)
        .then(async (r) => { answeredAt = performance.now(); return { status: r.status, body: await r.json() }; });
      await new Promise((r) => setTimeout(r, 100));  // parked on A
      assert.equal(answeredAt, 0, 'held until the change');
      const selfie = new FormData();
      selfie.set('selfie', new Blob([makePng(32, 32)], { type: 'image/png' }), 'selfie.png');
      const res = await fetch(`${b.base}/p/${ref}/selfie`, { method: 'POST', body: selfie, redirect: 'manual' });
      const committedAt = performance.now();  // B answers after its COMMIT
      await res.arrayBuffer();
      const answer = await held;
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, 'COMPLETED');
      latencies.push(Math.max(0, answeredAt - committedAt));
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    const text = latencies.map((x) => x.toFixed(1)).join(', ');
    t.diagnostic(`wake-up latencies (ms): ${text}; median ${sorted[rounds / 2].toFixed(1)}, ` +
      `p95 ${sorted[Math.ceil(rounds * 0.95) - 1].toFixed(1)}`);
    // What this test proves is the mechanism: every held request was woken by B's commit
    // (NOTIFY), not by its own 10 s wait running out. How fast that is, is a benchmark's to say
    // (scripts/bench --only=instances: "long-poll wake-up across instances"), not a wall-clock
    // limit here — on a loaded 2-core CI machine one scheduling stall decided this test once.
    assert.ok(sorted[rounds - 1] < 5000, `a held request waited for its timeout, not the change: ${text}`);
  } finally {
    await pair.stop();
    await receiver.close();
    dropDatabase(db.name);
  }
});

test('1,000 webhooks queued across both instances are each delivered once', { skip, timeout: 120000 }, async (t) => {
  const db = freshDatabase();
  const counts = new Map();
  const receiver = await startReceiver((req) => {
    const id = req.headers['webhook-id'];
    counts.set(id, (counts.get(id) ?? 0) + 1);
    return { status: 200 };
  });
  const pair = await startPair(db.conn);
  try {
    const N = 1000;
    const bases = [pair.a.base, pair.b.base];
    const refs = new Array(N);
    await inBatches(N, 50, async (i) => { refs[i] = await inviteOn(bases[i % 2], receiver.url, i); });
    await inBatches(N, 50, (i) => failSession(bases[(i + 1) % 2], refs[i]));
    await waitFor(() => counts.size >= N, { timeout: 60000, what: `${N} webhook ids (have ${counts.size})` });
    await waitFor(async () => (await health(pair.a.base)).outbox.delivered === N, { timeout: 10000, what: 'all delivered' });
    const dupes = [...counts.values()].filter((n) => n > 1).length;
    assert.equal(counts.size, N);
    assert.equal(dupes, 0, 'no webhook-id delivered twice');
    assert.equal(receiver.requests.length, N);
    const sentBy = (log) => (log().match(/attempt 1 delivered/g) ?? []).length;
    const [byA, byB] = [sentBy(pair.a.log), sentBy(pair.b.log)];
    t.diagnostic(`delivered by A ${byA}, by B ${byB}`);
    assert.equal(byA + byB, N, `A ${byA} + B ${byB}`);
    assert.ok(byA > 0 && byB > 0, `both instances deliver (A ${byA}, B ${byB})`);
    // Both workers race for the same due sessions; the loser steps back without an error.
    assert.doesNotMatch(pair.a.log() + pair.b.log(), /could not store|could not record/);
  } finally {
    await pair.stop();
    await receiver.close();
    dropDatabase(db.name);
  }
});

test('kill -9 of one instance during delivery: the other finishes the work after the lease', { skip, timeout: 120000 }, async () => {
  const db = freshDatabase();
  const counts = new Map();
  const firstSeen = new Map();  // webhook-id → when its first attempt arrived
  const receiver = await startReceiver((req) => {
    const id = req.headers['webhook-id'];
    counts.set(id, (counts.get(id) ?? 0) + 1);
    if (!firstSeen.has(id)) firstSeen.set(id, performance.now());
    return { hang: 300, status: 200 };
  });
  const pair = await startPair(db.conn);
  try {
    const N = 100;
    const bases = [pair.a.base, pair.b.base];
    const refs = new Array(N);
    await inBatches(N, 25, async (i) => { refs[i] = await inviteOn(bases[i % 2], receiver.url, i); });
    await inBatches(N, 25, (i) => failSession(bases[i % 2], refs[i]));
    await waitFor(() => counts.size >= 20, { timeout: 20000, what: 'deliveries under way' });
    await pair.a.kill9();
    // A is gone. What it wrote just before dying may still wait in the receiver's sockets for
    // this process's event loop: let that arrive before drawing the line.
    await new Promise((r) => setTimeout(r, 500));
    const killedAt = performance.now();
    // B alone: the killed instance's leases run out (webhook timeout 1 s + 1 s), B re-sends.
    await waitFor(async () => (await health(pair.b.base)).outbox.delivered === N, { timeout: 60000, what: 'all delivered by B' });
    assert.equal(counts.size, N, 'every webhook arrived');
    const dupes = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    // At least once, and twice only for work A had begun when it died: an attempt of A's that
    // the receiver had seen (or answered, with A killed before it recorded the 200) is sent
    // again by B after the lease. A message first seen after the kill was B's alone, and B
    // must never send one twice. (A snapshot of the requests open at the kill was too narrow:
    // A kept sending while kill -9 was under way, and an answered attempt may be unrecorded.)
    for (const id of dupes) {
      assert.ok(firstSeen.get(id) <= killedAt, `${id} sent twice, first after A was killed: a duplicate of B's own`);
    }
    assert.equal((await health(pair.b.base)).outbox.pending, 0);
    // A's leased attempts were taken over once their lease ran out: a second attempt, same id.
    assert.ok(Number(sql(db.conn, 'SELECT COUNT(*) FROM outbox WHERE attempts > 1')) > 0, 'no lease was taken over');
  } finally {
    await pair.stop();
    await receiver.close();
    dropDatabase(db.name);
  }
});
