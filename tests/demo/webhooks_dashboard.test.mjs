// The webhook dashboard API over real HTTP, the way a shop's operator uses it after an outage:
// the receiver said 410 (endpoint disabled), the shop fixes it, re-enables the endpoint and
// redelivers the message — which then arrives with the same webhook-id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, completePortal, invite, startReceiver, startService, tempDir, waitFor } from './helpers.mjs';

const auth = { Authorization: `Bearer ${API_KEY}` };

test('410 disables; the dashboard lists it, re-enables it and redelivers the same webhook-id', async () => {
  const data = tempDir();
  let gone = true;
  const receiver = await startReceiver(() => ({ status: gone ? 410 : 200 }));
  const service = await startService({ dataDir: data.dir });
  const api = async (method, path) => {
    const res = await fetch(`${service.base}${path}`, { method, headers: auth });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  try {
    const created = await invite(service.base, { referenceData: 'order-410', webhookUrl: receiver.url });
    const ref = created.json.trackingReference;
    await completePortal(service.base, ref);
    await waitFor(() => receiver.requests.length === 1, { what: 'the 410 answer' });

    assert.equal((await fetch(`${service.base}/v1/webhooks/endpoints`)).status, 401);
    const disabled = await waitFor(async () => {
      const r = await api('GET', '/v1/webhooks/endpoints?state=disabled');
      return r.json?.endpoints?.find((e) => e.url === receiver.url);
    }, { what: 'the endpoint listed as disabled' });
    assert.equal(disabled.state, 'disabled');

    const messages = await api('GET', `/v1/webhooks?trackingReference=${ref}`);
    assert.equal(messages.status, 200);
    const [message] = messages.json.messages;
    assert.equal(message.state, 'disabled');
    assert.ok(!JSON.stringify(messages.json).includes('Lovelace'), 'the list never carries bodies');

    assert.equal((await api('POST', `/v1/webhooks/${message.id}/redeliver`)).status, 409, 'endpoint still disabled');
    gone = false;
    assert.equal((await api('POST', `/v1/webhooks/endpoints/${disabled.id}/enable`)).status, 200);
    assert.equal((await api('POST', `/v1/webhooks/${message.id}/redeliver`)).status, 202);
    await waitFor(() => receiver.requests.length === 2, { what: 'the redelivery' });
    assert.equal(receiver.requests[1].headers['webhook-id'], receiver.requests[0].headers['webhook-id']);
    const after = await waitFor(async () => {
      const r = await api('GET', `/v1/webhooks/${message.id}`);
      return r.json?.state === 'delivered' ? r.json : null;
    }, { what: 'state delivered' });
    assert.equal(after.id, message.id);
  } finally {
    await service.stop();
    await receiver.close();
    data.cleanup();
  }
});
