// The idv-webhook binary, end to end: the DESIGN.md vector, sign -> verify round trips, tampering,
// and listen + send on loopback. Signatures are cross-checked with node's crypto, an
// implementation independent of the C++ one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.IDV_WEBHOOK_BIN ?? path.join(repoRoot, 'build/native/bin/idv-webhook');
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (scripts/build native)`);

// DESIGN.md contract 2, from the Standard Webhooks reference libraries.
const V = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  ts: '1614265330',
  body: '{"test": 2432232314}',
  sig: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function run(args, input = '', env = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const verifyArgs = (o) => ['verify', '--secret', o.secret, '--id', o.id, '--timestamp', o.ts,
  '--signature', o.sig, '--now', o.now ?? o.ts, ...(o.extra ?? [])];

function nodeSign(secret, id, ts, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return 'v1,' + createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
}

const tmp = mkdtempSync(path.join(tmpdir(), 'idv-webhook-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
function file(name, content) {
  const p = path.join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

const riskEvent = (ref, extra = {}) => ({
  type: 'RISK_ASSESSMENT_UPDATED', timestamp: '2026-11-22T09:33:12Z',
  data: { trackingReference: ref, referenceData: 'order-1042', assessmentStatus: 'COMPLETED',
          riskLevel: 'LOW', customerName: 'Jonas', final: true, ...extra },
});
const callback = (manual, overall) => ({
  scanRef: 'scan-42', clientId: 'order-7', platform: 'PC', startTime: 1554726960, finishTime: 1554727002,
  status: { overall, suspicionReasons: [], autoDocument: 'DOC_VALIDATED', autoFace: 'FACE_MATCH',
            manualDocument: manual ? 'DOC_VALIDATED' : null, manualFace: manual ? 'FACE_MISMATCH' : null },
  data: { docFirstName: 'A', docLastName: 'B', docType: 'PASSPORT', docSex: 'FEMALE', manuallyDataChanged: manual },
  fileUrls: { FRONT: null, BACK: null, FACE: null },
});

test('verify accepts the DESIGN.md public test vector', () => {
  const r = run(verifyArgs(V), V.body);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), 'valid');
});

test('verify rejects a tampered body, id, timestamp and signature with exit 1 and the reason', () => {
  const cases = [
    [{ ...V }, '{"test": 2432232315}'],
    [{ ...V, id: 'msg_p5jXN8AQM9LWM0D4loKWxJeK' }, V.body],
    [{ ...V, ts: '1614265331', now: '1614265330' }, V.body],
    [{ ...V, sig: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=' }, V.body],
  ];
  for (const [o, body] of cases) {
    const r = run(verifyArgs(o), body);
    assert.equal(r.code, 1, JSON.stringify(o));
    assert.match(r.out, /^invalid: no_matching_signature/);
  }
});

test('verify enforces the tolerance against --now and accepts rotated keys', () => {
  let r = run(verifyArgs({ ...V, now: String(+V.ts + 301) }), V.body);
  assert.equal(r.code, 1);
  assert.match(r.out, /invalid: timestamp_too_old/);
  r = run(verifyArgs({ ...V, now: String(+V.ts - 301) }), V.body);
  assert.match(r.out, /invalid: timestamp_too_new/);
  r = run(verifyArgs({ ...V, now: String(+V.ts + 301), extra: ['--tolerance', '400'] }), V.body);
  assert.equal(r.code, 0);
  r = run(verifyArgs({ ...V, sig: `v1,${randomBytes(32).toString('base64')} ${V.sig}` }), V.body);
  assert.equal(r.code, 0, r.out);
  r = run(verifyArgs({ ...V, sig: '' }), V.body);
  assert.equal(r.code, 1);
  assert.match(r.out, /invalid: missing_signature/);
});

test('sign -> verify round trip through the binary, and node agrees on the signature', () => {
  const secret = 'whsec_' + randomBytes(24).toString('base64');
  const body = JSON.stringify(riskEvent('ref-rt'));
  const s = run(['sign', '--secret', secret, '--id', 'msg_roundtrip', '--timestamp', '1800000000'], body);
  assert.equal(s.code, 0, s.err);
  const h = Object.fromEntries(s.out.trim().split('\n').map((l) => l.split(': ')));
  assert.deepEqual(Object.keys(h), ['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  assert.equal(h['webhook-id'], 'msg_roundtrip');
  assert.equal(h['webhook-signature'], nodeSign(secret, 'msg_roundtrip', '1800000000', body));
  const v = run(verifyArgs({ secret, id: h['webhook-id'], ts: h['webhook-timestamp'], sig: h['webhook-signature'] }), body);
  assert.equal(v.code, 0, v.out);
  const t = run(verifyArgs({ secret, id: h['webhook-id'], ts: h['webhook-timestamp'], sig: h['webhook-signature'] }), body + ' ');
  assert.equal(t.code, 1);
  // Defaults: a fresh msg_ id and the current time.
  const d = run(['sign'], body, { IDV_WEBHOOK_SECRET: secret });
  assert.equal(d.code, 0, d.err);
  assert.match(d.out, /^webhook-id: msg_[0-9a-z]{26}\nwebhook-timestamp: \d{10}\n/);
  assert.ok(Math.abs(+d.out.match(/webhook-timestamp: (\d+)/)[1] - Date.now() / 1000) < 60);
});

test('sign reproduces the DESIGN.md vector', () => {
  const r = run(['sign', '--secret', V.secret, '--id', V.id, '--timestamp', V.ts], V.body);
  assert.equal(r.out, `webhook-id: ${V.id}\nwebhook-timestamp: ${V.ts}\nwebhook-signature: ${V.sig}\n`);
});

test('--help for every command, usage errors exit 2', () => {
  for (const cmd of ['verify', 'sign', 'listen', 'send']) {
    const r = run([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.out, new RegExp(`^usage: idv-webhook ${cmd}`));
  }
  assert.equal(run(['--help']).code, 0);
  assert.equal(run([]).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
  const typo = run(['verify', '--secret', V.secret, '--tolerence', '5'], V.body);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /unknown option --tolerence/);
  assert.equal(run(['listen', '--secret', V.secret]).code, 2);  // --port missing
});

test('secrets are never printed, not even malformed ones', () => {
  const bad = 'whsec_THIS*IS*A*SECRET';
  for (const args of [['verify', '--secret', bad, '--id', 'a', '--timestamp', '1', '--signature', 'v1,x'],
                      ['sign', '--secret', bad], ['listen', '--port', '0', '--secret', bad],
                      ['send', '--url', 'http://127.0.0.1:9/', '--file', '-', '--secret', bad]]) {
    const r = run(args, '{}');
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /secret is malformed/);
    assert.ok(!(r.out + r.err).includes('THIS*IS'), args[0]);
  }
  const ok = run(verifyArgs({ ...V, sig: 'v1,AAAA' }), V.body);
  assert.ok(!(ok.out + ok.err).includes('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'));
});

// --- listen + send -------------------------------------------------------------------------

function startListener(args) {
  const child = spawn(BIN, ['listen', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('listener did not start: ' + out)), 10000);
    child.stdout.on('data', () => {
      const m = out.match(/Listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(+m[1]); }
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

function post(port, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('listen + send end to end: verify, answer, reduce, pretty-print', async () => {
  const L = startListener(['--secret', V.secret, '--max-events', '9']);
  const port = await L.ready;
  const url = `http://127.0.0.1:${port}/webhooks/idv`;
  const send = (f, extra = []) => run(['send', '--url', url, '--secret', V.secret, '--file', f, ...extra]);

  // 1. RISK_ASSESSMENT_UPDATED, then its retry (same webhook-id)
  const ra = file('ra.json', riskEvent('ref-e2e'));
  let r = send(ra, ['--id', 'msg_e2e_1']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /<- 200\n.*"ledger":"applied"/s);
  r = send(ra, ['--id', 'msg_e2e_1']);
  assert.equal(r.code, 0);
  assert.match(r.out, /"ledger":"duplicate_message"/);
  // 2. wrong key -> 401 and exit 1
  r = run(['send', '--url', url, '--secret', 'whsec_' + randomBytes(24).toString('base64'), '--file', ra]);
  assert.equal(r.code, 1);
  assert.match(r.out, /<- 401\n\{"error":"no_matching_signature"\}/);
  // 3. seed 003: automatic then manual (manual wins), then a late automatic retry with a new id
  const auto = file('auto.json', callback(false, 'APPROVED'));
  const manual = file('manual.json', callback(true, 'DENIED'));
  assert.match(send(auto, ['--type', 'identification']).out, /"ledger":"applied"/);
  assert.match(send(manual).out, /"ledger":"applied"/);
  assert.match(send(auto).out, /"ledger":"ignored_final"/);
  // 4. thin webhook: answered 2xx with the path to fetch
  r = send(file('thin.json', { id: 'idf_77' }), ['--type', 'thin']);
  assert.equal(r.code, 0);
  assert.match(r.out, /"fetch":"\/v1\/identifications\/idf_77"/);
  // 5. a tampered body (valid headers for another body) and missing headers, straight from node
  const body = JSON.stringify(riskEvent('ref-tamper'));
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = nodeSign(V.secret, 'msg_t', ts, body);
  let p = await post(port, { 'webhook-id': 'msg_t', 'webhook-timestamp': ts, 'webhook-signature': sig },
                     body.replace('LOW', 'HIGH'));
  assert.equal(p.status, 401);
  p = await post(port, { 'content-type': 'application/json' }, body);
  assert.equal(p.status, 400);
  assert.match(p.body, /missing_id/);

  assert.equal(await L.exited, 0);
  const out = L.output();
  assert.match(out, /POST \/webhooks\/idv {2}-> 200 {2}msg_e2e_1\n {2}signature valid\n {2}format {4}risk_assessment_updated\n {2}decision {2}ref=ref-e2e merchant_ref=order-1042 outcome=approved risk=low reviewer=unspecified final/);
  assert.match(out, /ledger {4}duplicate_message/);
  assert.match(out, /-> 401 .*\n {2}rejected {2}signature: no_matching_signature/);
  assert.match(out, /decision {2}ref=scan-42 merchant_ref=order-7 outcome=approved risk=unknown reviewer=automatic not-final/);
  assert.match(out, /decision {2}ref=scan-42 merchant_ref=order-7 outcome=rejected risk=unknown reviewer=manual final status=DENIED/);
  assert.match(out, /ledger {4}ignored_final\n {2}standing  ref=scan-42 .*outcome=rejected/);
  assert.match(out, /fetch {5}required: GET \{apiBase\}\/v1\/identifications\/idf_77/);
  assert.match(out, /-> 400 {2}\(no webhook-id\)\n {2}rejected {2}signature: missing_id/);
  assert.match(out, /Stopped after 9 deliveries/);
  assert.ok(!out.includes('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), 'the secret must not be printed');
});

test('listen answers 400 with the reason for a verified body that is no known event', async () => {
  const L = startListener(['--secret', V.secret, '--max-events', '2']);
  const port = await L.ready;
  const url = `http://127.0.0.1:${port}/`;
  let r = run(['send', '--url', url, '--secret', V.secret, '--file', file('odd.json', { hello: 'world' }), '--type', 'raw']);
  assert.equal(r.code, 1);
  assert.match(r.out, /<- 400\n.*unsupported_format/s);
  const unknownEnum = callback(false, 'ON_HOLD');
  r = run(['send', '--url', url, '--secret', V.secret, '--file', file('enum.json', unknownEnum)]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.err, /warning: status\.overall: unknown_enum_value \(ON_HOLD\)/);
  assert.equal(await L.exited, 0);
  assert.match(L.output(), /warning {3}status\.overall: unknown_enum_value \(ON_HOLD\)\n {2}decision {2}ref=scan-42 .*outcome=unknown/);
});

test('send refuses a file that is not the --type it claims, or no event at all', () => {
  const ra = file('ra2.json', riskEvent('x'));
  let r = run(['send', '--url', 'http://127.0.0.1:9/', '--secret', V.secret, '--file', ra, '--type', 'thin']);
  assert.equal(r.code, 1);
  assert.match(r.err, /refusing to send: the file is risk_assessment_updated, not thin/);
  r = run(['send', '--url', 'http://127.0.0.1:9/', '--secret', V.secret, '--file', file('bad.json', '{"type":')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /refusing to send: body: malformed_json/);
  r = run(['send', '--url', 'ftp://x/', '--secret', V.secret, '--file', ra]);
  assert.equal(r.code, 2);
});

test('send signs exactly like node does (an independent receiver)', async () => {
  let seen;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen = { headers: req.headers, body, path: req.url };
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const body = JSON.stringify(riskEvent('ref-node'));
  const r = await new Promise((resolve) => {
    const c = spawn(BIN, ['send', '--url', `http://127.0.0.1:${port}/in?x=1`, '--file', file('n.json', body),
                          '--id', 'msg_node', '--timestamp', '1800000000'],
                    { env: { ...process.env, IDV_WEBHOOK_SECRET: V.secret } });
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('exit', (code) => resolve({ code, out }));
  });
  server.close();
  assert.equal(r.code, 0, r.out);
  assert.equal(seen.path, '/in?x=1');
  assert.equal(seen.body, body);
  assert.equal(seen.headers['webhook-id'], 'msg_node');
  assert.equal(seen.headers['webhook-timestamp'], '1800000000');
  assert.equal(seen.headers['webhook-signature'], nodeSign(V.secret, 'msg_node', '1800000000', body));
});
