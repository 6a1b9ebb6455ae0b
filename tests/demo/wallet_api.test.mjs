// The digital-ID wallet path of the reference service (docs/wallet.md, "The flow") on the real
// binary: POST /v1/wallet/{ref}/request and /response with presentations made by the independent
// JS test wallet (tests/wallet), signed by a test issuer in the --wallet-trust folder. A valid
// SD-JWT VC or mdoc ends Phase 1 like the portal does and every webhook format says "wallet";
// every tampered, replayed, misdirected or unasked-for presentation is refused with its own code
// and leaves the session PENDING with nothing of it stored. On SQLite always; on PostgreSQL too
// when IDV_TEST_PG is set (scripts/test), with two instances sharing the nonces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import {
  API_KEY, WEBHOOK_SECRET, completePortal, invite, startReceiver, startService, tempDir,
  verifySignature, waitFor,
} from './helpers.mjs';
import { makeIssuerKeys } from '../wallet/issuer-keys.mjs';
import { createTestIssuer, createTestWallet, PROTOCOL } from '../wallet/test-wallet.mjs';

const SHOP = 'https://shop.example';
const SHOP2 = 'http://127.0.0.1:8081';
const EVIL = 'https://evil.example';

const PG = process.env.IDV_TEST_PG ?? '';
const pgRequired = process.env.IDV_TEST_PG_REQUIRED === '1';
const pgSkip = PG || pgRequired ? false : 'IDV_TEST_PG not set (scripts/test starts a PostgreSQL cluster)';

let dbCounter = 0;
function freshDatabase() {
  assert.ok(PG, 'IDV_TEST_PG is not set but PostgreSQL tests are required');
  const name = `idv_w_${process.pid}_${++dbCounter}`;
  execFileSync('psql', [PG, '-qc', `CREATE DATABASE ${name}`]);
  return { conn: `${PG.replace(/\s*dbname=\S+/, '')} dbname=${name}`, name };
}
function dropDatabase(name) {
  try { execFileSync('psql', [PG, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch { /* best effort */ }
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const marker = () => `Zq${randomBytes(5).toString('hex')}`;
// What tracking offers while PENDING, in the service's order of preference.
const OFFERED = 'openid4vp-v1-unsigned org-iso-mdoc';

// Each tamper option -> the code the service answers (docs/wallet.md, "Error codes"): an mdoc
// carries its nonce and origin only inside the signed transcript.
const REFUSALS = {
  'dc+sd-jwt': {
    changeClaim: 'wallet_digest_mismatch', dropDisclosure: 'wallet_missing_claims',
    wrongNonce: 'wallet_nonce_mismatch', wrongOrigin: 'wallet_audience_mismatch',
    expired: 'wallet_expired', badIssuerSignature: 'wallet_bad_issuer_signature',
    badDeviceSignature: 'wallet_bad_device_signature',
  },
  // ISO 18013-7 Annex C (Safari's protocol): the transcript with the origin and the request's
  // key is also the HPKE info, so a response for another origin or request does not decrypt.
  'org-iso-mdoc': {
    changeClaim: 'wallet_digest_mismatch', dropDisclosure: 'wallet_missing_claims',
    wrongNonce: 'wallet_malformed', wrongOrigin: 'wallet_malformed',
    expired: 'wallet_expired', badIssuerSignature: 'wallet_bad_issuer_signature',
    badDeviceSignature: 'wallet_bad_device_signature',
  },
  mso_mdoc: {
    changeClaim: 'wallet_digest_mismatch', dropDisclosure: 'wallet_missing_claims',
    wrongNonce: 'wallet_bad_device_signature', wrongOrigin: 'wallet_bad_device_signature',
    expired: 'wallet_expired', badIssuerSignature: 'wallet_bad_issuer_signature',
    badDeviceSignature: 'wallet_bad_device_signature',
  },
};

// One service (or two sharing a PostgreSQL database) with a trusted test issuer.
async function setUp({ database } = {}) {
  const data = tempDir('idv-wallet-api-');
  const keys = makeIssuerKeys();
  const trust = path.join(data.dir, 'wallet-trust');
  mkdirSync(trust);
  keys.writeTrust(trust);
  const receiver = await startReceiver(() => ({ status: 200 }));
  const args = ['--wallet-trust', trust, '--wallet-origins', `${SHOP}, ${SHOP2}`];
  if (database) args.push('--database', database);
  const service = await startService({ dataDir: data.dir, args });
  const second = database ? await startService({ dataDir: data.dir, args }) : null;
  const issuer = await createTestIssuer(keys);
  const strangerKeys = makeIssuerKeys({ cn: 'Not trusted' });
  const stranger = await createTestIssuer(strangerKeys);
  return {
    data, receiver, service, second, issuer, stranger,
    async stop() {
      await service.stop();
      await second?.stop();
      await receiver.close();
      data.cleanup();
    },
  };
}

function api(base) {
  const post = async (ref, which, body, origin = SHOP) => {
    const headers = { 'Content-Type': 'application/json' };
    if (origin) headers.Origin = origin;
    const res = await fetch(`${base}/v1/wallet/${ref}/${which}`, {
      method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, headers: res.headers };
  };
  return {
    request: (ref, origin, body = { protocol: PROTOCOL }) => post(ref, 'request', body, origin),
    response: (ref, credential, origin) => post(ref, 'response', credential, origin),
    post,
    async tracking(ref) { return (await fetch(`${base}/v1/tracking/${ref}`)).json(); },
    async events(ref) {
      const res = await fetch(`${base}/v1/user/${ref}/events`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      return (await res.json()).events;
    },
    async identification(ref) {
      const res = await fetch(`${base}/v1/identifications/${ref}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      return res.json();
    },
  };
}

function suite(engine) {
  const skip = engine === 'postgres' ? pgSkip : false;
  describe(`wallet API on ${engine}`, { skip }, () => {
    let env;
    let db;
    let svc;
    before(async () => {
      db = engine === 'postgres' ? freshDatabase() : null;
      env = await setUp({ database: db?.conn });
      svc = api(env.service.base);
    });
    after(async () => {
      await env?.stop();
      if (db) dropDatabase(db.name);
    });

    async function session(webhookFormat = 'risk-assessment') {
      const created = await invite(env.service.base, {
        referenceData: `order-${randomBytes(3).toString('hex')}`, webhookUrl: env.receiver.url, webhookFormat,
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      return created.json.trackingReference;
    }
    const wallet = (claims = {}, issuer = env.issuer) => createTestWallet({ issuer, claims });
    // Asks for a request (from `origin`) and has the wallet answer it.
    async function presentation(ref, w, options = {}, origin = SHOP, base = svc) {
      const req = await base.request(ref, origin, { protocol: options.protocol ?? PROTOCOL });
      assert.equal(req.status, 200, JSON.stringify(req.json));
      return w.present({ protocol: req.json.protocol, data: req.json.data }, options.presentOrigin ?? origin, options);
    }
    // OpenID4VP carries either format; 'org-iso-mdoc' is the ISO 18013-7 Annex C protocol.
    const how = (format) => (format === 'org-iso-mdoc' ? { protocol: format } : { format });
    const webhookFor = (ref) => waitFor(() => env.receiver.requests.find((r) => r.body.includes(ref)),
      { what: `the webhook of ${ref.slice(0, 8)}` });
    // Nothing of the presentation anywhere: no personal data in the timeline, the status
    // document or (SQLite) any file under the data folder; on PostgreSQL not in the sessions.
    function assertNotStored(name) {
      if (engine === 'sqlite') {
        const needle = Buffer.from(name);
        assert.deepEqual(filesUnder(env.data.dir).filter((f) => readFileSync(f).includes(needle)), [],
          `${name} is on disk`);
      } else {
        const hits = execFileSync('psql', [db.conn, '-tAc',
          `SELECT count(*) FROM sessions WHERE details LIKE '%${name}%' OR phase2_doc LIKE '%${name}%'`]).toString().trim();
        assert.equal(hits, '0', `${name} is in the database`);
      }
    }

    test('tracking offers walletProtocols while PENDING only', async () => {
      const ref = await session();
      const pending = await svc.tracking(ref);
      assert.equal(pending.status, 'PENDING');
      assert.equal(pending.walletProtocols, OFFERED);
      await completePortal(env.service.base, ref);
      const done = await svc.tracking(ref);
      assert.equal(done.status, 'COMPLETED');
      assert.equal(done.walletProtocols, undefined);
      const opened = await session();
      await (await fetch(`${env.service.base}/p/${opened}`)).text();
      const inProgress = await svc.tracking(opened);
      assert.equal(inProgress.status, 'IN_PROGRESS');
      assert.equal(inProgress.walletProtocols, undefined, 'not once the portal is open');
      const req = await svc.request(opened, SHOP);
      assert.equal(req.status, 409);
      assert.equal(req.json.error, 'wallet_session_closed');
    });

    test('an org-iso-mdoc request: a DeviceRequest for the mDL and a fresh key to encrypt to', async () => {
      const ref = await session();
      const a = await svc.request(ref, SHOP, { protocol: 'org-iso-mdoc' });
      assert.equal(a.status, 200, JSON.stringify(a.json));
      assert.equal(a.json.protocol, 'org-iso-mdoc');
      assert.deepEqual(Object.keys(a.json.data).sort(), ['deviceRequest', 'encryptionInfo']);
      const b = await svc.request(ref, SHOP, { protocol: 'org-iso-mdoc' });
      assert.notEqual(b.json.data.encryptionInfo, a.json.data.encryptionInfo, 'a new nonce and key');
      // Answered in the other protocol than asked: refused, and the request is not used up.
      const w = await wallet();
      const other = await w.present({ protocol: PROTOCOL, data: (await svc.request(await session(), SHOP)).json.data }, SHOP, { format: 'mso_mdoc' });
      const res = await svc.response(ref, other, SHOP);
      assert.equal(res.json.error, 'wallet_unsupported_protocol');
      const right = await w.present({ protocol: 'org-iso-mdoc', data: b.json.data }, SHOP);
      assert.equal((await svc.response(ref, right, SHOP)).status, 200);
    });

    test('the request: a fresh nonce, the DCQL query, an expiry five minutes on, CORS', async () => {
      const ref = await session();
      const a = await svc.request(ref, SHOP);
      assert.equal(a.status, 200, JSON.stringify(a.json));
      assert.equal(a.headers.get('access-control-allow-origin'), '*');
      assert.equal(a.json.protocol, PROTOCOL);
      assert.match(a.json.data.nonce, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(a.json.data.response_mode, 'dc_api');
      assert.deepEqual(a.json.data.dcql_query.credentials.map((c) => c.id), ['pid', 'mdl']);
      const left = Date.parse(a.json.expiresAt) - Date.now();
      assert.ok(left > 290_000 && left <= 300_000, `expiresAt ${a.json.expiresAt}`);
      const b = await svc.request(ref, SHOP);
      assert.notEqual(b.json.data.nonce, a.json.data.nonce, 'a new request, a new nonce');
      // The service's own origin (the widget's frame mode) may ask too.
      assert.equal((await svc.request(ref, env.service.base)).status, 200);
    });

    for (const format of ['dc+sd-jwt', 'mso_mdoc', 'org-iso-mdoc']) {
      test(`a valid ${format} presentation completes Phase 1; the webhook says "wallet"`, async () => {
        const webhookFormat = format === 'dc+sd-jwt' ? 'risk-assessment' : 'identification';
        const ref = await session(webhookFormat);
        const name = marker();
        const credential = await presentation(ref, await wallet({ family_name: name }), how(format));
        const res = await svc.response(ref, credential, SHOP);
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.deepEqual(res.json, { status: 'COMPLETED' });
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        const t = await svc.tracking(ref);
        assert.equal(t.status, 'COMPLETED');
        assert.equal(t.walletProtocols, undefined);

        const hook = await webhookFor(ref);
        assert.ok(verifySignature(WEBHOOK_SECRET, hook.headers, hook.body), 'signed');
        const body = JSON.parse(hook.body);
        if (webhookFormat === 'risk-assessment') {
          assert.equal(body.data.verificationMethod, 'wallet');
          assert.equal(body.data.customerName, `Erika ${name}`);
          assert.equal(body.data.riskLevel, 'LOW');
        } else {
          assert.equal(body.verificationMethod, 'wallet');
          assert.equal(body.data.docFirstName, 'Erika');
          assert.equal(body.data.docLastName, name);
          assert.equal(body.data.docDob, '1984-01-26');
          assert.equal(body.data.docNumber, 'T22000129');
          assert.equal(body.data.docNationality, 'DE');
          assert.equal(body.data.docType, 'DRIVER_LICENSE');
          assert.deepEqual([body.fileUrls.FRONT, body.fileUrls.BACK, body.fileUrls.FACE], [null, null, null], 'no photos');
          assert.equal(body.status.autoDocument, 'DOC_VALIDATED');
          assert.equal(body.status.autoFace, 'FACE_NOT_ANALYSED', 'no face was compared');
        }
        const events = await svc.events(ref);
        const kinds = events.map((e) => e.kind);
        for (const k of ['wallet.requested', 'wallet.completed', 'phase2.started', 'phase2.verdict']) {
          assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
        }
        assert.ok(!kinds.includes('portal.completed'));
        const verdict = events.find((e) => e.kind === 'phase2.verdict').detail;
        assert.match(verdict, /issuer's signature verified \(document\), the wallet's device unlock \(biometrics\)/);
        assert.equal((await svc.identification(ref)).verificationMethod, 'wallet');
      });
    }

    test('the thin format: the status document says "wallet", the portal path "document"', async () => {
      const ref = await session('thin');
      const credential = await presentation(ref, await wallet(), { format: 'dc+sd-jwt' });
      assert.equal((await svc.response(ref, credential, SHOP)).status, 200);
      const hook = JSON.parse((await webhookFor(ref)).body);
      assert.deepEqual(hook, { id: ref }, 'the doorbell carries nothing else');
      await waitFor(async () => (await svc.identification(ref)).status === 'APPROVED', { what: 'the verdict' });
      assert.equal((await svc.identification(ref)).verificationMethod, 'wallet');

      const portal = await session();
      assert.equal((await svc.identification(portal)).verificationMethod, undefined, 'no method before data entry');
      await completePortal(env.service.base, portal);
      const body = JSON.parse((await webhookFor(portal)).body);
      assert.equal(body.data.verificationMethod, 'document');
      assert.equal((await svc.identification(portal)).verificationMethod, 'document');
    });

    for (const format of ['dc+sd-jwt', 'mso_mdoc', 'org-iso-mdoc']) {
      test(`every tampered ${format} presentation is refused with its own code, nothing stored`, async () => {
        const cases = [...Object.entries(REFUSALS[format]), ['untrustedIssuer', 'wallet_untrusted_issuer']];
        for (const [tamper, code] of cases) {
          const ref = await session();
          const name = marker();
          const w = await wallet({ family_name: name }, tamper === 'untrustedIssuer' ? env.stranger : env.issuer);
          const credential = await presentation(ref, w,
            { ...how(format), tamper: tamper === 'untrustedIssuer' ? undefined : tamper });
          const res = await svc.response(ref, credential, SHOP);
          assert.equal(res.status, 400, `${tamper}: ${JSON.stringify(res.json)}`);
          assert.equal(res.json.error, code, tamper);
          assert.equal(typeof res.json.message, 'string');
          assert.ok(!JSON.stringify(res.json).includes(name), 'the answer quotes no claim');
          const t = await svc.tracking(ref);
          assert.equal(t.status, 'PENDING', tamper);
          assert.equal(t.walletProtocols, OFFERED, 'the wallet may be tried again');
          const events = await svc.events(ref);
          const kinds = events.map((e) => e.kind);
          assert.ok(!kinds.includes('wallet.completed') && !kinds.includes('phase2.started'), kinds.join(', '));
          assert.ok(events.some((e) => e.kind === 'wallet.refused' && e.detail.endsWith(code)), `${tamper}: ${JSON.stringify(events)}`);
          assert.ok(!JSON.stringify(events).includes(name), 'the timeline holds no claim');
          assert.equal((await svc.identification(ref)).status, 'PENDING');
          assertNotStored(name);
          // Refused once, the nonce is gone: the same presentation again is a replay.
          const again = await svc.response(ref, credential, SHOP);
          assert.equal(again.json.error, 'wallet_replayed', tamper);
        }
        assert.ok(!env.service.log().includes('Erika'), 'no claim in the service log');
      });
    }

    test('after a refusal the session still completes with a new request', async () => {
      const ref = await session();
      const bad = await presentation(ref, await wallet(), { format: 'dc+sd-jwt', tamper: 'changeClaim' });
      assert.equal((await svc.response(ref, bad, SHOP)).json.error, 'wallet_digest_mismatch');
      // The refused nonce is used up: even a genuine presentation for it is a replay.
      const req = await svc.request(ref, SHOP);
      const w = await wallet();
      const good = await w.present({ protocol: PROTOCOL, data: req.json.data }, SHOP, { format: 'dc+sd-jwt' });
      assert.equal((await svc.response(ref, good, SHOP)).status, 200);
    });

    test('a presentation made for another session\'s request: wallet_wrong_session (SD-JWT)', async () => {
      const mine = await session();
      const other = await session();
      await svc.request(mine, SHOP);
      const w = await wallet();
      const forOther = await presentation(other, w, { format: 'dc+sd-jwt' });
      const res = await svc.response(mine, forOther, SHOP);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'wallet_wrong_session');
      assert.equal((await svc.tracking(mine)).status, 'PENDING');
      // The other session's request is untouched: its rightful response still works.
      assert.equal((await svc.response(other, forOther, SHOP)).status, 200);
      // An mdoc hides its nonce in the signed transcript: a bad device signature.
      const third = await session();
      await svc.request(mine, SHOP);
      const mdocForThird = await presentation(third, w, { format: 'mso_mdoc' });
      assert.equal((await svc.response(mine, mdocForThird, SHOP)).json.error, 'wallet_bad_device_signature');
    });

    test('no request, an expired-or-missing one, and unknown references', async () => {
      const ref = await session();
      const w = await wallet();
      const credential = await w.present({ protocol: PROTOCOL, data: { response_type: 'vp_token', dcql_query:
        (await svc.request(await session(), SHOP)).json.data.dcql_query, nonce: 'x'.repeat(43) } }, SHOP, {});
      const res = await svc.response(ref, credential, SHOP);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'wallet_no_request');
      assert.equal((await svc.request('00000000-0000-4000-8000-000000000000', SHOP)).status, 404);
      assert.equal((await svc.request('not-a-reference', SHOP)).status, 404);
    });

    test('origins: only allowed ones may ask, and the response must come from the asking one', async () => {
      const ref = await session();
      for (const origin of [EVIL, null, 'null', `${SHOP}.evil.example`]) {
        const res = await svc.request(ref, origin);
        assert.equal(res.status, 403, String(origin));
        assert.equal(res.json.error, 'wallet_origin_not_allowed');
        assert.equal(res.headers.get('access-control-allow-origin'), '*', 'the page can read why');
      }
      const w = await wallet();
      const credential = await presentation(ref, w, { format: 'dc+sd-jwt' }, SHOP);
      for (const origin of [SHOP2, EVIL, null]) {
        const res = await svc.response(ref, credential, origin);
        assert.equal(res.status, 403, String(origin));
        assert.equal(res.json.error, 'wallet_origin_not_allowed');
      }
      // Those refusals did not use the nonce up: from the asking origin it still works.
      assert.equal((await svc.response(ref, credential, SHOP)).status, 200);
    });

    test('a finished session takes no request or response: 409 wallet_session_closed', async () => {
      const ref = await session();
      const credential = await presentation(ref, await wallet(), { format: 'mso_mdoc' });
      assert.equal((await svc.response(ref, credential, SHOP)).status, 200);
      const req = await svc.request(ref, SHOP);
      assert.equal(req.status, 409);
      assert.equal(req.json.error, 'wallet_session_closed');
      const again = await svc.response(ref, credential, SHOP);
      assert.equal(again.status, 409);
      assert.equal(again.json.error, 'wallet_session_closed');
    });

    test('one response posted twice at once completes the session once', async () => {
      const ref = await session();
      const credential = await presentation(ref, await wallet(), { format: 'dc+sd-jwt' });
      const bases = env.second ? [svc, api(env.second.base)] : [svc, svc];
      const answers = await Promise.all(bases.map((b) => b.response(ref, credential, SHOP)));
      const ok = answers.filter((a) => a.status === 200);
      assert.equal(ok.length, 1, JSON.stringify(answers.map((a) => a.json)));
      const other = answers.find((a) => a.status !== 200);
      assert.ok(['wallet_replayed', 'wallet_session_closed'].includes(other.json.error), JSON.stringify(other.json));
      await webhookFor(ref);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(env.receiver.requests.filter((r) => r.body.includes(ref)).length, 1, 'one webhook');
    });

    test('bodies: malformed, unsupported protocol, oversize; CORS preflight', async () => {
      const ref = await session();
      for (const [which, body, code] of [
        ['request', '{not json', 'wallet_malformed'],
        ['request', '[]', 'wallet_malformed'],
        ['request', { protocol: 'openid4vp-v1-signed' }, 'wallet_unsupported_protocol'],
        ['response', '{not json', 'wallet_malformed'],
        ['response', { protocol: PROTOCOL }, 'wallet_malformed'],
        ['response', { protocol: 'x', data: {} }, 'wallet_unsupported_protocol'],
      ]) {
        const res = await svc.post(ref, which, body);
        assert.equal(res.status, 400, `${which} ${JSON.stringify(body)}`);
        assert.equal(res.json.error, code, `${which} ${JSON.stringify(body)}`);
      }
      await svc.request(ref, SHOP);
      const junk = await svc.response(ref, { protocol: PROTOCOL, data: { vp_token: { pid: ['not~an~sd-jwt'] } } }, SHOP);
      assert.equal(junk.json.error, 'wallet_malformed');
      assert.equal((await svc.post(ref, 'request', { protocol: PROTOCOL, pad: 'x'.repeat(2048) })).status, 413);
      const big = { protocol: PROTOCOL, data: { vp_token: { pid: ['x'.repeat(65 * 1024)] } } };
      assert.equal((await svc.post(ref, 'response', big)).status, 413);
      for (const which of ['request', 'response']) {
        const pre = await fetch(`${env.service.base}/v1/wallet/${ref}/${which}`, {
          method: 'OPTIONS',
          headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), '*');
        assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
        assert.match(pre.headers.get('access-control-allow-headers'), /Content-Type/i);
        assert.ok(Number(pre.headers.get('access-control-max-age')) > 0);
      }
    });

    test('a purge removes the session\'s wallet request', async () => {
      const ref = await session();
      const nonce = (await svc.request(ref, SHOP)).json.data.nonce;
      const rows = () => (engine === 'sqlite'
        ? execFileSync('sqlite3', [path.join(env.data.dir, 'service.db'), `SELECT count(*) FROM wallet_requests WHERE ref='${ref}'`])
        : execFileSync('psql', [db.conn, '-tAc', `SELECT count(*) FROM wallet_requests WHERE ref='${ref}'`])).toString().trim();
      assert.equal(rows(), '1');
      const del = await fetch(`${env.service.base}/v1/user/${ref}`, { method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` } });
      assert.equal(del.status, 204);
      assert.equal(rows(), '0');
      if (engine === 'sqlite') {
        const needle = Buffer.from(nonce);
        assert.deepEqual(filesUnder(env.data.dir).filter((f) => readFileSync(f).includes(needle)), [], 'the nonce is on disk');
      }
      assert.equal((await svc.request(ref, SHOP)).status, 410);
    });

    if (engine === 'postgres') {
      test('two instances: the request on one, the response on the other', async () => {
        const ref = await session();
        const other = api(env.second.base);
        const credential = await presentation(ref, await wallet(), { format: 'mso_mdoc' });
        assert.equal((await other.response(ref, credential, SHOP)).status, 200);
        assert.equal((await other.tracking(ref)).status, 'COMPLETED');
        const ref2 = await session();
        const wrong = await presentation(ref2, await wallet(), { format: 'dc+sd-jwt' }, SHOP, other);
        const mine = await session();
        await svc.request(mine, SHOP);
        assert.equal((await svc.response(mine, wrong, SHOP)).json.error, 'wallet_wrong_session',
          'the other instance\'s request is found by its nonce');
      });
    }
  });
}

suite('sqlite');
suite('postgres');

describe('without --wallet-trust', () => {
  test('no walletProtocols, and the endpoints answer 503 wallet_not_configured', async () => {
    const data = tempDir();
    const service = await startService({ dataDir: data.dir, args: ['--wallet-origins', SHOP] });
    try {
      const created = await invite(service.base, { referenceData: 'order-off', webhookUrl: 'http://127.0.0.1:9/h' });
      const ref = created.json.trackingReference;
      const t = await (await fetch(`${service.base}/v1/tracking/${ref}`)).json();
      assert.equal(t.status, 'PENDING');
      assert.equal(t.walletProtocols, undefined);
      const svc = api(service.base);
      for (const which of ['request', 'response']) {
        const res = await svc.post(ref, which, { protocol: PROTOCOL, data: {} });
        assert.equal(res.status, 503);
        assert.equal(res.json.error, 'wallet_not_configured');
      }
    } finally {
      await service.stop();
      data.cleanup();
    }
  });

  test('a trust folder that does not load stops the service with a clear message', async () => {
    const data = tempDir();
    try {
      const empty = path.join(data.dir, 'empty-trust');
      mkdirSync(empty);
      await assert.rejects(startService({ dataDir: data.dir, args: ['--wallet-trust', empty] }),
        /--wallet-trust .*empty-trust/);
      await assert.rejects(startService({ dataDir: data.dir, args: ['--wallet-trust', path.join(data.dir, 'missing')] }),
        /--wallet-trust/);
      await assert.rejects(startService({ dataDir: data.dir, args: ['--wallet-origins', 'https://shop.example/path'] }),
        /--wallet-origins/);
    } finally {
      data.cleanup();
    }
  });
});

test('the wallet endpoints are rate-limited per widget like tracking', async () => {
  const data = tempDir();
  const keys = makeIssuerKeys();
  const trust = path.join(data.dir, 'trust');
  keys.writeTrust(trust);
  const service = await startService({ dataDir: data.dir,
    args: ['--wallet-trust', trust, '--wallet-origins', SHOP, '--rate-limit-rps', '1', '--rate-limit-burst', '3'] });
  try {
    const ref = (await invite(service.base, { referenceData: 'order-rl', webhookUrl: 'http://127.0.0.1:9/h' })).json.trackingReference;
    const svc = api(service.base);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await svc.request(ref, SHOP)).status);
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
    assert.ok(statuses.slice(3).includes(429), statuses.join(','));
    const limited = await svc.request(ref, SHOP);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await fetch(`${service.base}/v1/tracking/${ref}`)).status, 200, 'tracking has its own bucket');
  } finally {
    await service.stop();
    data.cleanup();
  }
});
