// The shop's side of the widget's renewReference: the same order gets a new invite (a new
// tracking reference the service knows), once the old session is dead, never after a decision;
// and the widget's catalogues are served beside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { completePortal, startMerchant, startService, tempDir, waitFor } from './helpers.mjs';

let data, service, merchant;
before(async () => {
  data = tempDir();
  service = await startService({ dataDir: data.dir, args: ['--test-hooks', '1'] });
  merchant = await startMerchant({ dataDir: data.dir, serviceBase: service.base });
});
after(async () => {
  await merchant?.stop();
  await service?.stop();
  data?.cleanup();
});

const post = (path, body = {}) => fetch(`${merchant.base}${path}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('renew: a new tracking reference for the same order, known to the service', async () => {
  const order = await (await post('/api/checkout', { locale: 'de' })).json();
  assert.equal(order.locale, 'de', 'every shipped locale is accepted');
  const res = await post(`/api/orders/${order.orderId}/renew`, { locale: 'de' });
  assert.equal(res.status, 200);
  const { trackingReference } = await res.json();
  assert.notEqual(trackingReference, order.trackingReference);
  const tracked = await fetch(`${service.base}/v1/tracking/${trackingReference}`);
  assert.equal(tracked.status, 200, 'the service knows the new reference');
  const now = await (await fetch(`${merchant.base}/api/orders/${order.orderId}`)).json();
  assert.equal(now.trackingReference, trackingReference);
  assert.equal(now.referenceData, order.referenceData, 'the same order');
  assert.ok(now.events.some((e) => e.kind === 'invite.renewed'));
});

test('renew: refused for an unknown order and once the order is decided', async () => {
  assert.equal((await post('/api/orders/0123456789abcdef01234567/renew')).status, 404);
  const order = await (await post('/api/checkout')).json();
  await completePortal(service.base, order.trackingReference);
  await waitFor(async () => {
    const r = await (await fetch(`${merchant.base}/api/orders/${order.orderId}/decision`)).json();
    return r.decided ? r : null;
  }, { what: 'a decision', timeout: 30000 });
  const res = await post(`/api/orders/${order.orderId}/renew`);
  assert.equal(res.status, 409);
});

test('the widget catalogues are served beside it', async () => {
  const res = await fetch(`${merchant.base}/idv-widget.messages/de.json`);
  assert.equal(res.status, 200);
  const table = await res.json();
  assert.equal(typeof table['status.awaitingScan'], 'string');
  assert.equal((await fetch(`${merchant.base}/idv-widget.messages/xx.json`)).status, 404);
});
