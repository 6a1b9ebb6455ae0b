// The demo end to end over HTTP in each webhook format: the shop's checkout creates the invite
// with the chosen webhookFormat, the portal is walked, Phase 2 runs, the signed webhook reaches
// the shop, which (for thin) fetches the status with its API key, folds the decision with the
// library's ledger rules, and answers the widget's decision relay.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { API_KEY, completePortal, startMerchant, startService, tempDir, waitFor } from './helpers.mjs';
import { makeIssuerKeys } from '../wallet/issuer-keys.mjs';
import { createTestIssuer, createTestWallet, PROTOCOL } from '../wallet/test-wallet.mjs';

describe('merchant in each webhook format', () => {
  let data;
  let service;
  let merchant;
  let issuerKeys;
  before(async () => {
    data = tempDir();
    issuerKeys = makeIssuerKeys();
    const trust = path.join(data.dir, 'wallet-trust');
    mkdirSync(trust);
    issuerKeys.writeTrust(trust);
    service = await startService({ dataDir: data.dir,
      args: ['--test-hooks', '1', '--wallet-trust', trust, '--wallet-origins', 'https://shop.example'] });
    merchant = await startMerchant({ dataDir: data.dir, serviceBase: service.base });
  });
  after(async () => {
    await merchant?.stop();
    await service?.stop();
    data?.cleanup();
  });

  async function checkout(webhookFormat) {
    const res = await fetch(`${merchant.base}/api/checkout`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ webhookFormat }) });
    assert.equal(res.status, 201);
    const order = await res.json();
    assert.equal(order.webhookFormat, webhookFormat);
    return order;
  }
  const relay = async (order) => (await fetch(`${merchant.base}/api/orders/${order.orderId}/decision`)).json();
  const getOrder = async (order) => (await fetch(`${merchant.base}/api/orders/${order.orderId}`)).json();
  const finalDecision = (order) => waitFor(async () => { const r = await relay(order); return r.final ? r : null; },
    { what: 'a final decision' });

  test('the checkout refuses an unknown format', async () => {
    const res = await fetch(`${merchant.base}/api/checkout`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"webhookFormat":"rich"}' });
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error, 'unsupported_webhook_format');
  });

  test('risk-assessment (default): approved, LOW', async () => {
    const order = await checkout('risk-assessment');
    await completePortal(service.base, order.trackingReference);
    const r = await finalDecision(order);
    assert.deepEqual([r.decided, r.final, r.outcome], [true, true, 'approved']);
    assert.equal(r.riskLevel, undefined, 'the relay is customer-facing: no risk level (no tipping-off)');
    const o = await getOrder(order);
    assert.equal(o.decision.source, 'risk_assessment_updated');
    assert.equal(o.verificationMethod, 'document', 'the webhook said how: the portal');
  });

  test('identification: automatic then manual callback, the manual verdict wins', async () => {
    const order = await checkout('identification');
    await completePortal(service.base, order.trackingReference, { firstName: 'Olga', lastName: 'Embargo' });
    const r = await finalDecision(order);
    assert.deepEqual([r.decided, r.final, r.outcome], [true, true, 'rejected']);
    const o = await getOrder(order);
    assert.deepEqual([o.decision.source, o.decision.reviewer], ['identification_callback', 'manual']);
    assert.equal(o.verificationMethod, 'document');
    // The customer's timeline says what happened in neutral words; the sender's SUSPECTED /
    // DENIED and the reasons are the back office's (/admin, tipping_off.test.mjs).
    const stored = o.events.filter((e) => e.source === 'merchant' && e.kind === 'decision.stored').map((e) => e.detail);
    assert.equal(stored.length, 2, stored.join('\n'));
    assert.equal(stored[0], 'decision stored: under review (automatic checks done, not final)');
    assert.equal(stored[1], 'decision stored: not completed');
    assert.doesNotMatch(JSON.stringify(o), /\bSUSPECTED\b|\bDENIED\b|sanction|\bAML\b/i);
  });

  test('thin: the shop fetches the status document with its API key', async () => {
    const order = await checkout('thin');
    await completePortal(service.base, order.trackingReference);
    const r = await finalDecision(order);
    assert.deepEqual([r.decided, r.final, r.outcome], [true, true, 'approved']);
    const o = await getOrder(order);
    assert.equal(o.decision.source, 'identification_status');
    assert.equal(o.verificationMethod, 'document', 'from the fetched status document');
    // The service logs capability paths by their first 8 characters only.
    assert.match(service.log(), new RegExp(`GET /v1/identifications/${order.trackingReference.slice(0, 8)}\\S* -> 200`));
  });

  test('thin + a failed session (test hook): the shop learns REJECTED at once', async () => {
    const order = await checkout('thin');
    await (await fetch(`${service.base}/p/${order.trackingReference}`)).text();
    const res = await fetch(`${service.base}/v1/test/sessions/${order.trackingReference}/fail?reason=max_attempts`, {
      method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
    assert.equal(res.status, 200);
    const r = await finalDecision(order);
    assert.deepEqual([r.outcome, r.final], ['rejected', true]);
    assert.equal((await getOrder(order)).verificationMethod, null, 'no data entry, no method');
  });

  // The wallet path (docs/wallet.md) instead of the portal: every format tells the shop so.
  for (const webhookFormat of ['risk-assessment', 'identification', 'thin']) {
    test(`${webhookFormat}: a digital ID wallet — the order says verificationMethod "wallet"`, async () => {
      const order = await checkout(webhookFormat);
      const ref = order.trackingReference;
      const post = async (which, body) => (await fetch(`${service.base}/v1/wallet/${ref}/${which}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://shop.example' },
        body: JSON.stringify(body) })).json();
      const request = await post('request', { protocol: PROTOCOL });
      const wallet = await createTestWallet({ issuer: await createTestIssuer(issuerKeys) });
      const credential = await wallet.present(request, 'https://shop.example', { format: 'mso_mdoc' });
      assert.deepEqual(await post('response', credential), { status: 'COMPLETED' });
      const r = await finalDecision(order);
      assert.deepEqual([r.final, r.outcome], [true, 'approved']);
      assert.equal((await getOrder(order)).verificationMethod, 'wallet');
    });
  }

  test('identification + max attempts in the portal (document number ending in 999)', async () => {
    const order = await checkout('identification');
    const ref = order.trackingReference;
    await (await fetch(`${service.base}/p/${ref}`)).text();
    const post = (step, body) => fetch(`${service.base}/p/${ref}/${step}`, { method: 'POST', body, redirect: 'manual' });
    assert.equal((await post('consent', new URLSearchParams({ consent: 'yes' }))).status, 303);
    assert.equal((await post('details', new URLSearchParams({ firstName: 'Ada', lastName: 'L', dateOfBirth: '1990-01-01' }))).status, 303);
    const doc = () => {
      const f = new FormData();
      f.set('documentType', 'ID_CARD');
      f.set('documentNumber', 'AB12999');
      f.set('front', new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], { type: 'image/png' }), 'f.png');
      return f;
    };
    const first = await post('document', doc());
    assert.equal(first.status, 422);
    assert.match(await first.text(), /attempt 1 of 3/);
    assert.equal((await post('document', doc())).status, 422);
    assert.equal((await post('document', doc())).status, 303, 'the third failure ends the session');
    const tracking = await (await fetch(`${service.base}/v1/tracking/${ref}`)).json();
    assert.equal(tracking.status, 'FAILED');
    const r = await finalDecision(order);
    assert.equal(r.outcome, 'rejected');
  });
});
