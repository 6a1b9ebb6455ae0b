// Webhook delivery of the reference service: retries with one webhook-id and fresh valid
// signatures, timeouts, 410, and durability across kill -9.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  WEBHOOK_SECRET, completePortal, health, invite, startReceiver, startService, tempDir,
  verifySignature, waitFor,
} from './helpers.mjs';

async function newSessionFor(service, receiver, person) {
  const r = await invite(service.base, { referenceData: 'order-42', webhookUrl: receiver.url });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  await completePortal(service.base, r.json.trackingReference, person);
  return r.json.trackingReference;
}

function assertSigned(req, ref) {
  assert.ok(verifySignature(WEBHOOK_SECRET, req.headers, req.body), 'signature must verify');
  const ts = Number(req.headers['webhook-timestamp']);
  assert.ok(Math.abs(ts - Date.now() / 1000) < 30, 'timestamp is fresh');
  const body = JSON.parse(req.body);
  assert.equal(body.type, 'RISK_ASSESSMENT_UPDATED');
  assert.equal(body.data.trackingReference, ref);
}

describe('webhook delivery', () => {
  let data;
  let service;
  before(async () => {
    data = tempDir();
    // Retries at least 1.08 s apart: webhook-timestamp has whole seconds, so only attempts in
    // different seconds can carry different signatures.
    service = await startService({ dataDir: data.dir, args: ['--retry-base-ms', '1200', '--retry-factor', '1.5'] });
  });
  after(async () => {
    await service?.stop();
    data?.cleanup();
  });

  test('500, 500, 200: three attempts, one webhook-id, three distinct valid signatures', async () => {
    const receiver = await startReceiver((_req, n) => ({ status: n <= 2 ? 500 : 200 }));
    try {
      const ref = await newSessionFor(service, receiver);
      await waitFor(() => receiver.requests.length >= 3, { what: '3 attempts' });
      await new Promise((r) => setTimeout(r, 1500));  // no 4th attempt after the 200
      assert.equal(receiver.requests.length, 3);
      const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      assert.equal(ids.size, 1, 'same webhook-id on every retry');
      assert.match([...ids][0], /^msg_[0-9a-z]{26}$/);
      const sigs = new Set(receiver.requests.map((r) => r.headers['webhook-signature']));
      assert.equal(sigs.size, 3, 'fresh signature per attempt');
      for (const req of receiver.requests) assertSigned(req, ref);
      assert.equal(JSON.parse(receiver.requests[2].body).data.riskLevel, 'LOW');
      // Backoff: the second gap is longer than the first (factor 2, jitter 10 %).
      const [a, b, c] = receiver.requests.map((r) => r.at);
      assert.ok(b - a >= 1080 && c - b > b - a, `gaps ${b - a} ms, ${c - b} ms grow`);
      const events = await (await fetch(`${service.base}/v1/user/${ref}/events`, {
        headers: { Authorization: 'Bearer test_api_key_0123456789abcdef' } })).json();
      const kinds = events.events.map((e) => e.kind);
      assert.deepEqual(kinds.filter((k) => k.startsWith('webhook.')),
        ['webhook.queued', 'webhook.attempt', 'webhook.attempt', 'webhook.delivered']);
    } finally {
      await receiver.close();
    }
  });

  test('a receiver that hangs past the timeout is retried', async () => {
    const receiver = await startReceiver((_req, n) => (n === 1 ? { hang: 5000 } : { status: 204 }));
    try {
      const ref = await newSessionFor(service, receiver);
      await waitFor(() => receiver.requests.length >= 2, { what: 'retry after timeout' });
      const [first, second] = receiver.requests;
      assert.equal(first.headers['webhook-id'], second.headers['webhook-id']);
      // timeout 1 s + retry delay ~1.2 s: the retry comes long before the 5 s hang would end
      assert.ok(second.at - first.at >= 2000 && second.at - first.at < 4500, `${second.at - first.at} ms`);
      assertSigned(second, ref);
    } finally {
      await receiver.close();
    }
  });

  test('manual review sends two webhooks: automatic (final:false) then manual (final:true)', async () => {
    const receiver = await startReceiver(() => ({ status: 200 }));
    try {
      await newSessionFor(service, receiver, { documentNumber: 'XY12000' });
      await waitFor(() => receiver.requests.length >= 2, { what: 'two verdicts' });
      const [auto, manual] = receiver.requests.map((r) => JSON.parse(r.body).data);
      assert.deepEqual([auto.assessmentStatus, auto.riskLevel, auto.final], ['IN_REVIEW', 'MEDIUM', false]);
      assert.deepEqual([manual.assessmentStatus, manual.riskLevel, manual.final], ['COMPLETED', 'MEDIUM', true]);
      assert.notEqual(receiver.requests[0].headers['webhook-id'], receiver.requests[1].headers['webhook-id']);
    } finally {
      await receiver.close();
    }
  });

  test('410 Gone disables the endpoint: no retries, later messages are not sent', async () => {
    const receiver = await startReceiver(() => ({ status: 410 }));
    try {
      await newSessionFor(service, receiver, { firstName: 'Ivan', lastName: 'Sanctioned' });
      await waitFor(() => receiver.requests.length >= 1, { what: 'first attempt' });
      await newSessionFor(service, receiver);  // same URL, now disabled
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(receiver.requests.length, 1);
      assert.equal(JSON.parse(receiver.requests[0].body).data.riskLevel, 'HIGH');
      const h = await health(service.base);
      assert.ok(h.outbox.disabled >= 2, JSON.stringify(h));
    } finally {
      await receiver.close();
    }
  });
});

describe('webhook durability', () => {
  test('kill -9 during delivery loses nothing: the webhook arrives after restart', async () => {
    const data = tempDir();
    // First attempt hangs until the service is dead; after restart the receiver answers 200.
    const receiver = await startReceiver((_req, n) => (n === 1 ? { hang: 4000 } : { status: 200 }));
    let service = await startService({ dataDir: data.dir, args: ['--webhook-timeout-ms', '5000'] });
    const { port } = service;
    try {
      const ref = await newSessionFor(service, receiver);
      await waitFor(() => receiver.requests.length === 1, { what: 'first attempt in flight' });
      const killed = await service.kill9();
      assert.equal(killed.signal, 'SIGKILL');
      const firstId = receiver.requests[0].headers['webhook-id'];

      service = await startService({ dataDir: data.dir, port, args: ['--webhook-timeout-ms', '1000'] });
      // The leased message becomes due once the interrupted attempt's lease (5 s timeout
      // + base delay) runs out.
      await waitFor(() => receiver.requests.length >= 2, { timeout: 15000, what: 'redelivery after restart' });
      const again = receiver.requests[1];
      assert.equal(again.headers['webhook-id'], firstId, 'same message, same id');
      assertSigned(again, ref);
      await waitFor(async () => (await health(service.base)).outbox.delivered === 1, { what: 'delivered' });
      // the uploads survived too
      assert.ok(readdirSync(path.join(data.dir, 'uploads', ref)).includes('front.png'));
    } finally {
      await service.stop();
      await receiver.close();
      data.cleanup();
    }
  });
});
