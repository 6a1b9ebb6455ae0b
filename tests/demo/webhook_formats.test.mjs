// The three webhook formats of the reference service (issue 5 item 3): the identification
// callback of seed 003 (automatic then manual, fields from the portal, fileUrls, timing rules)
// and the thin webhook of seed 000 (only the id; GET /v1/identifications/{id} with the API key).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  API_KEY, WEBHOOK_SECRET, completePortal, health, invite, makePng, startReceiver, startService,
  tempDir, verifySignature, waitFor,
} from './helpers.mjs';

const auth = { Authorization: `Bearer ${API_KEY}` };
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';

function assertSigned(req) {
  assert.ok(verifySignature(WEBHOOK_SECRET, req.headers, req.body), 'signature must verify');
  assert.match(req.headers['webhook-id'], /^msg_/);
}

async function newSession(service, receiver, extra = {}) {
  const r = await invite(service.base, { referenceData: 'order-77', webhookUrl: receiver.url, ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.trackingReference;
}

describe('webhookFormat in the invite API', () => {
  let data;
  let service;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir });
  });
  after(async () => {
    await service?.stop();
    data?.cleanup();
  });

  test('unknown or mistyped values are a clear 422 and store nothing', async () => {
    const base = { referenceData: 'order-1', webhookUrl: 'https://shop.example/h' };
    for (const [value, code] of [['rich', 'unsupported_webhook_format'], ['', 'unsupported_webhook_format'],
      ['THIN', 'unsupported_webhook_format'], [3, 'invalid_type'], [['thin'], 'invalid_type']]) {
      const r = await invite(service.base, { ...base, webhookFormat: value });
      assert.equal(r.status, 422, JSON.stringify(value));
      assert.equal(r.json.error, code);
      assert.equal(r.json.field, 'webhookFormat');
    }
    const r = await invite(service.base, { ...base, webhookFormat: 'rich' });
    assert.match(r.json.message, /risk-assessment, identification, thin/);
    // clientId of seed 003 is at most 100 characters
    const long = await invite(service.base, { ...base, referenceData: 'x'.repeat(101), webhookFormat: 'identification' });
    assert.equal(long.status, 422);
    assert.equal(long.json.field, 'referenceData');
    assert.equal((await health(service.base)).sessions, 0);
  });

  test('the three values (and null = default) are accepted and echoed', async () => {
    const base = { referenceData: 'order-1', webhookUrl: 'https://shop.example/h' };
    for (const [value, echoed] of [['risk-assessment', 'risk-assessment'], ['identification', 'identification'],
      ['thin', 'thin'], [null, 'risk-assessment'], [undefined, 'risk-assessment']]) {
      const r = await invite(service.base, { ...base, webhookFormat: value });
      assert.equal(r.status, 201);
      assert.equal(r.json.webhookFormat, echoed);
    }
  });
});

describe('identification callbacks (seed 003)', () => {
  let data;
  let service;
  let receiver;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir, args: ['--session-ttl-s', '3', '--test-hooks', '1'] });
    receiver = await startReceiver(() => ({ status: 200 }));
  });
  after(async () => {
    await receiver?.close();
    await service?.stop();
    data?.cleanup();
  });
  const bodiesFor = (ref) => receiver.requests
    .filter((r) => JSON.parse(r.body).scanRef === ref).map((r) => ({ ...r, json: JSON.parse(r.body) }));

  test('sent twice, automatic then manual, every field from the portal; fileUrls serve the uploads', async () => {
    const ref = await newSession(service, receiver, { webhookFormat: 'identification' });
    await completePortal(service.base, ref, { firstName: 'Ivan', lastName: 'Sanctioned', documentNumber: 'LT1234567' },
      { userAgent: PHONE_UA, nationality: 'LT', documentExpiry: '2031-05-01' });
    await waitFor(() => bodiesFor(ref).length >= 2, { what: 'two callbacks' });
    const [auto, manual] = bodiesFor(ref);
    for (const r of [auto, manual]) assertSigned(r);
    assert.notEqual(auto.headers['webhook-id'], manual.headers['webhook-id']);
    assert.ok(manual.at > auto.at);

    const a = auto.json;
    assert.equal(a.clientId, 'order-77');
    assert.equal(a.scanRef, ref);
    assert.equal(a.platform, 'MOBILE');
    assert.ok(Number.isInteger(a.startTime) && Number.isInteger(a.finishTime) && a.finishTime >= a.startTime);
    assert.deepEqual(a.status, { overall: 'SUSPECTED', suspicionReasons: ['AML_SUSPECTION'], autoDocument: 'DOC_VALIDATED',
      autoFace: 'FACE_MATCH', manualDocument: null, manualFace: null });
    assert.equal(a.data.docFirstName, 'Ivan');
    assert.equal(a.data.docLastName, 'Sanctioned');
    assert.equal(a.data.docNumber, 'LT1234567');
    assert.equal(a.data.docDob, '1990-04-23');
    assert.equal(a.data.docExpiry, '2031-05-01');
    assert.equal(a.data.docType, 'PASSPORT');
    assert.equal(a.data.docNationality, 'LT');
    assert.equal(a.data.docIssuingCountry, 'LT');
    assert.equal(a.data.manuallyDataChanged, false);
    assert.equal(a.aml.serviceGroupType, 'AML');
    assert.equal(a.aml.status.serviceSuspected, true);
    assert.equal(a.lid.status.overallStatus, 'NOT_SUSPECTED');

    const m = manual.json;
    assert.equal(m.status.overall, 'DENIED');
    assert.equal(m.status.manualDocument, 'DOC_VALIDATED');
    assert.equal(m.status.autoDocument, 'DOC_VALIDATED', 'the manual callback keeps the automatic results');
    assert.equal(m.finishTime, a.finishTime, 'finishTime is the automatic decision in both');

    // fileUrls: served behind the per-session token, nothing without it
    assert.match(a.fileUrls.FRONT, new RegExp(`^${service.base}/v1/files/${ref}/[0-9a-f]{32}/front\\.png$`));
    assert.equal(a.fileUrls.BACK, null);
    const front = await fetch(a.fileUrls.FRONT);
    assert.equal(front.status, 200);
    assert.equal(front.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await front.arrayBuffer()), makePng());
    assert.equal((await fetch(a.fileUrls.FACE)).status, 200);
    const forged = a.fileUrls.FRONT.replace(/\/[0-9a-f]{32}\//, `/${'0'.repeat(32)}/`);
    assert.equal((await fetch(forged)).status, 404);
    assert.equal((await fetch(a.fileUrls.FRONT.replace('front.png', 'back.png'))).status, 404);
  });

  test('no callback while a session is merely open; an EXPIRED callback once it expires', async () => {
    const ref = await newSession(service, receiver, { webhookFormat: 'identification' });
    const page = await fetch(`${service.base}/p/${ref}`);  // opened: IN_PROGRESS
    assert.equal(page.status, 200);
    await page.text();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(bodiesFor(ref).length, 0, 'nothing while open');
    await waitFor(() => bodiesFor(ref).length >= 1, { what: 'expiry callback', timeout: 8000 });
    await new Promise((r) => setTimeout(r, 600));
    const got = bodiesFor(ref);
    assert.equal(got.length, 1, 'expiry: one callback, no manual one follows');
    assertSigned(got[0]);
    assert.equal(got[0].json.status.overall, 'EXPIRED');
    assert.equal(got[0].json.status.autoDocument, null);
    const tracking = await (await fetch(`${service.base}/v1/tracking/${ref}`)).json();
    assert.equal(tracking.status, 'EXPIRED');
  });

  test('max attempts / terminated (test hook): FAILED at once and a callback right away', async () => {
    const ref = await newSession(service, receiver, { webhookFormat: 'identification' });
    await (await fetch(`${service.base}/p/${ref}`)).text();
    const noKey = await fetch(`${service.base}/v1/test/sessions/${ref}/fail?reason=terminated`, { method: 'POST' });
    assert.equal(noKey.status, 401);
    const started = Date.now();
    const res = await fetch(`${service.base}/v1/test/sessions/${ref}/fail?reason=terminated`, { method: 'POST', headers: auth });
    assert.equal(res.status, 200);
    const tracking = await (await fetch(`${service.base}/v1/tracking/${ref}`)).json();
    assert.equal(tracking.status, 'FAILED');
    await waitFor(() => bodiesFor(ref).length >= 1, { what: 'failure callback' });
    assert.ok(bodiesFor(ref)[0].at - started < 1500, 'immediate, not at expiry');
    assert.equal(bodiesFor(ref)[0].json.status.overall, 'DENIED');
    assert.deepEqual(bodiesFor(ref)[0].json.status.suspicionReasons, ['DEV_TOOLS_OPENED']);
    const again = await fetch(`${service.base}/v1/test/sessions/${ref}/fail`, { method: 'POST', headers: auth });
    assert.equal(again.status, 409);
    assert.equal((await fetch(`${service.base}/p/${ref}`)).status, 409, 'the portal is closed');
  });
});

describe('thin webhooks (seed 000)', () => {
  let data;
  let service;
  let receiver;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir });
    receiver = await startReceiver(() => ({ status: 200 }));
  });
  after(async () => {
    await receiver?.close();
    await service?.stop();
    data?.cleanup();
  });

  test('the body is only the id; the status document needs the API key and carries the metadata', async () => {
    const ref = await newSession(service, receiver, { webhookFormat: 'thin', metadata: { orderId: '77', tier: 2 } });
    const url = `${service.base}/v1/identifications/${ref}`;
    const before = await (await fetch(url, { headers: auth })).json();
    assert.equal(before.status, 'PENDING');
    await completePortal(service.base, ref);
    await waitFor(() => receiver.requests.some((r) => r.body === JSON.stringify({ id: ref })), { what: 'thin webhook' });
    const req = receiver.requests.find((r) => r.body === JSON.stringify({ id: ref }));
    assertSigned(req);

    const none = await fetch(url);
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error, 'missing_api_key');
    assert.equal((await fetch(url, { headers: { Authorization: 'Bearer wrong-key-0123456789' } })).status, 401);
    const res = await fetch(url, { headers: auth });
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.deepEqual(
      [doc.id, doc.status, doc.trackingReference, doc.referenceData, doc.riskLevel, doc.reviewer, doc.final],
      [ref, 'APPROVED', ref, 'order-77', 'LOW', 'automatic', true]);
    assert.deepEqual(doc.metadata, { orderId: '77', tier: 2 });
    assert.ok(doc.version > before.version);
    assert.match(doc.updatedAt, /Z$/);
    assert.equal((await fetch(`${service.base}/v1/identifications/idf_unknown`, { headers: auth })).status, 404);
  });
});
