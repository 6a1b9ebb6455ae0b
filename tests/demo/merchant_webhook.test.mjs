// The merchant's webhook endpoint: verifies signatures (bad or stale -> 4xx, logged),
// dedupes on webhook-id, stores the decision, never lets a late non-final verdict replace a
// final one. Runs the real service (for the invite) and the real merchant.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { WEBHOOK_SECRET, repoRoot, startMerchant, startService, tempDir } from './helpers.mjs';

function sign(id, ts, body, secret = WEBHOOK_SECRET) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
}

const event = (ref, data = {}) => JSON.stringify({
  type: 'RISK_ASSESSMENT_UPDATED', timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  data: { trackingReference: ref, referenceData: 'order-x', assessmentStatus: 'COMPLETED', riskLevel: 'LOW',
    customerName: 'Ada Lovelace', final: true, ...data },
});

describe('merchant webhook endpoint', () => {
  let data;
  let service;
  let merchant;
  let order;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir });
    merchant = await startMerchant({ dataDir: data.dir, serviceBase: service.base });
    const res = await fetch(`${merchant.base}/api/checkout`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"locale":"nl"}' });
    assert.equal(res.status, 201);
    order = await res.json();
  });
  after(async () => {
    await merchant?.stop();
    await service?.stop();
    data?.cleanup();
  });

  const deliver = (headers, body) => fetch(`${merchant.base}/webhooks/idv`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  const now = () => Math.floor(Date.now() / 1000);
  const getOrder = async () => (await fetch(`${merchant.base}/api/orders/${order.orderId}`)).json();

  test('checkout created an invite with the shop as webhook receiver', async () => {
    assert.match(order.trackingReference, /^[0-9a-f-]{36}$/);
    assert.equal(order.apiBase, service.base);
    const o = await getOrder();
    assert.equal(o.decision, null);
    assert.ok(o.events.some((e) => e.source === 'service' && e.kind === 'invite.created'));
    assert.deepEqual(await (await fetch(`${merchant.base}/api/orders/${order.orderId}/decision`)).json(), { decided: false });
  });

  test('rejects bad, stale, future and unsigned deliveries with 4xx and stores nothing', async () => {
    const body = event(order.trackingReference, { riskLevel: 'HIGH' });
    const cases = [
      [{ 'webhook-id': 'msg_a', 'webhook-timestamp': String(now()), 'webhook-signature': sign('msg_a', now(), body, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAA') }, 401, 'no_matching_signature'],
      [{ 'webhook-id': 'msg_b', 'webhook-timestamp': String(now() - 600), 'webhook-signature': sign('msg_b', now() - 600, body) }, 401, 'timestamp_too_old'],
      [{ 'webhook-id': 'msg_c', 'webhook-timestamp': String(now() + 600), 'webhook-signature': sign('msg_c', now() + 600, body) }, 401, 'timestamp_too_new'],
      [{ 'webhook-id': 'msg_d', 'webhook-timestamp': String(now()) }, 400, 'missing_signature'],
      [{ 'webhook-timestamp': String(now()), 'webhook-signature': sign('', now(), body) }, 400, 'missing_id'],
      [{ 'webhook-id': 'msg_e', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,AAAA' }, 400, 'invalid_timestamp'],
    ];
    for (const [headers, status, code] of cases) {
      const res = await deliver(headers, body);
      assert.equal(res.status, status, code);
      assert.equal((await res.json()).error, code);
    }
    // a valid signature over a different body (tampering)
    const ts = now();
    const res = await deliver({ 'webhook-id': 'msg_f', 'webhook-timestamp': String(ts), 'webhook-signature': sign('msg_f', ts, body) },
      event(order.trackingReference, { riskLevel: 'LOW' }));
    assert.equal(res.status, 401);
    assert.equal((await getOrder()).decision, null);
    assert.match(merchant.log(), /rejected msg_b: timestamp_too_old/);
    assert.ok(!merchant.log().includes(WEBHOOK_SECRET.slice(6)), 'the secret never reaches the log');
  });

  test('a signed event that is not RISK_ASSESSMENT_UPDATED is a 400', async () => {
    const body = JSON.stringify({ type: 'SOMETHING_ELSE', data: {} });
    const ts = now();
    const res = await deliver({ 'webhook-id': 'msg_g', 'webhook-timestamp': String(ts), 'webhook-signature': sign('msg_g', ts, body) }, body);
    assert.equal(res.status, 400);
  });

  test('stores the decision once; a duplicate webhook-id is acknowledged and ignored', async () => {
    const body = event(order.trackingReference, { riskLevel: 'MEDIUM', assessmentStatus: 'IN_REVIEW', final: false });
    const ts = now();
    const headers = { 'webhook-id': 'msg_first', 'webhook-timestamp': String(ts), 'webhook-signature': sign('msg_first', ts, body) };
    assert.equal((await deliver(headers, body)).status, 200);
    const dup = await deliver(headers, body);
    assert.equal(dup.status, 200);
    assert.equal((await dup.json()).duplicate, true);
    let o = await getOrder();
    assert.deepEqual([o.decision.final, o.decision.webhookId], [false, 'msg_first']);
    assert.equal(o.decision.outcome, 'pending', 'an automatic verdict awaiting review decides nothing yet');
    const relay = await (await fetch(`${merchant.base}/api/orders/${order.orderId}/decision`)).json();
    assert.deepEqual([relay.decided, relay.final], [true, false]);

    // Final verdict, then a late non-final one: the final one stays.
    const finalBody = event(order.trackingReference, { riskLevel: 'LOW' });
    const t2 = now();
    assert.equal((await deliver({ 'webhook-id': 'msg_final', 'webhook-timestamp': String(t2), 'webhook-signature': sign('msg_final', t2, finalBody) }, finalBody)).status, 200);
    const late = event(order.trackingReference, { riskLevel: 'HIGH', final: false });
    assert.equal((await deliver({ 'webhook-id': 'msg_late', 'webhook-timestamp': String(t2), 'webhook-signature': sign('msg_late', t2, late) }, late)).status, 200);
    o = await getOrder();
    assert.deepEqual([o.decision.final, o.decision.outcome, o.decision.webhookId], [true, 'approved', 'msg_final']);
    const relayed = await (await fetch(`${merchant.base}/api/orders/${order.orderId}/decision`)).json();
    assert.deepEqual([relayed.decided, relayed.final, relayed.outcome], [true, true, 'approved']);
    assert.match(relayed.decidedAt, /Z$/);
    const kinds = o.events.filter((e) => e.source === 'merchant').map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === 'decision.stored').length, 2);
    assert.equal(kinds.filter((k) => k === 'webhook.duplicate').length, 1);
    const health = await (await fetch(`${merchant.base}/healthz`)).json();
    assert.equal(health.webhooksReceived, 3);
  });

  test('several signatures (key rotation): any valid one is accepted', async () => {
    const body = event(order.trackingReference);
    const ts = now();
    const sig = `${sign('msg_rot', ts, body, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAA')} ${sign('msg_rot', ts, body)}`;
    assert.equal((await deliver({ 'webhook-id': 'msg_rot', 'webhook-timestamp': String(ts), 'webhook-signature': sig }, body)).status, 200);
  });

  test('pages carry the strict CSP, the wasm its media type', async () => {
    const res = await fetch(`${merchant.base}/`);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' http:\/\/127\.0\.0\.1:\d+;/);
    const html = await res.text();
    assert.ok(!/<script>|<style>|style=/.test(html), 'no inline script or style');
    // scripts/test builds dist/ before the node suites: the shop must serve exactly that file.
    const wasm = await fetch(`${merchant.base}/idv-widget.wasm`);
    assert.equal(wasm.status, 200, 'the widget is served (dist/ is built first)');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const served = Buffer.from(await wasm.arrayBuffer());
    assert.ok(served.equals(readFileSync(path.join(repoRoot, 'dist/idv-widget.wasm'))), 'dist/idv-widget.wasm, byte for byte');
  });
});
