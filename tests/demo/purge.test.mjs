// DELETE /v1/user/{ref} is a real erasure: after it, no file under the service's data folder
// holds the customer's data — not the database, not its WAL, not a queued webhook body, not
// an upload — and the webhooks still waiting for that session are cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { API_KEY, completePortal, invite, startReceiver, startService, tempDir, waitFor } from './helpers.mjs';

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function filesContaining(dir, marker) {
  const needle = Buffer.from(marker);
  return filesUnder(dir).filter((f) => readFileSync(f).includes(needle));
}

test('a purge leaves the customer in no file under the data folder and cancels pending webhooks', async () => {
  const data = tempDir();
  // The shop's receiver is down: the Phase 2 webhook (with the customer's name) stays queued.
  const receiver = await startReceiver(() => ({ status: 503 }));
  const service = await startService({
    dataDir: data.dir,
    args: ['--retry-base-ms', '300', '--retry-factor', '1', '--retry-max-attempts', '50'],
  });
  try {
    const tag = randomBytes(6).toString('hex').toUpperCase();
    const markers = { metadata: `META${tag}`, name: `Zed${tag}`, document: `DOC${tag}` };
    const created = await invite(service.base, {
      referenceData: 'order-purge', webhookUrl: receiver.url, metadata: { note: markers.metadata },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const ref = created.json.trackingReference;
    await completePortal(service.base, ref, { firstName: markers.name, documentNumber: markers.document });
    await waitFor(() => receiver.requests.length >= 2, { what: 'the webhook being retried' });
    assert.ok(receiver.requests[0].body.includes(markers.name), 'the webhook body carries the name');

    // Before: the data is on disk (so the check below can fail).
    for (const m of Object.values(markers)) {
      assert.ok(filesContaining(data.dir, m).length > 0, `${m} should be on disk before the purge`);
    }
    assert.ok(filesUnder(path.join(data.dir, 'uploads')).length > 0, 'uploads exist before');

    const del = await fetch(`${service.base}/v1/user/${ref}`, {
      method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` },
    });
    assert.equal(del.status, 204);
    const attemptsAtPurge = receiver.requests.length;

    for (const [what, m] of Object.entries(markers)) {
      assert.deepEqual(filesContaining(data.dir, m), [], `${what} marker still on disk`);
    }
    assert.deepEqual(filesUnder(path.join(data.dir, 'uploads')), [], 'uploads left behind');
    assert.equal((await fetch(`${service.base}/v1/tracking/${ref}`)).status, 410);
    // The pending webhook was cancelled: no further attempts reach the receiver.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(receiver.requests.length <= attemptsAtPurge + 1,
      `${receiver.requests.length - attemptsAtPurge} attempts after the purge`);
    const again = await fetch(`${service.base}/v1/user/${ref}`, {
      method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` },
    });
    assert.equal(again.status, 410);
  } finally {
    await service.stop();
    await receiver.close();
    data.cleanup();
  }
});
