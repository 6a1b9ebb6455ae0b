// kill -9 in the middle of many deliveries at once: after a restart on the same data folder,
// every webhook is delivered at least once. 25 shops (receivers) × 4 customers = 100
// messages; the receivers hold every request until the service is dead, so dozens of
// attempts are in flight at the moment of the kill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { completePortal, invite, startService, tempDir, waitFor } from './helpers.mjs';

async function startHoldingReceiver(state) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const record = { id: req.headers['webhook-id'], ref: JSON.parse(body)?.data?.trackingReference };
      if (state.holding) {
        state.inFlight.push(res);
        state.heldIds.add(record.id);
        return;  // never answered: the service dies with this attempt open
      }
      res.writeHead(200); res.end('ok');
      state.delivered.set(record.id, record.ref);
    });
  });
  server.on('connection', (s) => state.sockets.add(s));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, server };
}

test('kill -9 during ~64 concurrent deliveries: after restart every message arrives', { timeout: 120000 }, async () => {
  const data = tempDir();
  const state = { holding: true, inFlight: [], heldIds: new Set(), delivered: new Map(), sockets: new Set() };
  const receivers = [];
  for (let i = 0; i < 25; i++) receivers.push(await startHoldingReceiver(state));
  const args = ['--webhook-timeout-ms', '8000'];
  let service = await startService({ dataDir: data.dir, args });
  const { port } = service;
  try {
    const refs = [];
    for (const r of receivers) {
      for (let k = 0; k < 4; k++) {
        const created = await invite(service.base, { referenceData: `d-${refs.length}`, webhookUrl: r.url });
        assert.equal(created.status, 201, JSON.stringify(created.json));
        refs.push(created.json.trackingReference);
      }
    }
    for (let i = 0; i < refs.length; i += 10) {
      await Promise.all(refs.slice(i, i + 10).map((ref) => completePortal(service.base, ref)));
    }
    await waitFor(() => state.inFlight.length >= 50, { timeout: 30000, what: '50 deliveries in flight' });
    const inFlightAtKill = state.inFlight.length;
    await service.kill9();
    for (const s of state.sockets) s.destroy();

    state.holding = false;
    service = await startService({ dataDir: data.dir, port, args });
    const deliveredRefs = () => new Set(state.delivered.values());
    await waitFor(() => refs.every((ref) => deliveredRefs().has(ref)),
      { timeout: 60000, what: 'a delivered webhook for every session' });
    const lost = [...state.heldIds].filter((id) => !state.delivered.has(id));
    assert.deepEqual(lost, [], 'messages in flight at the kill must be delivered after restart');
    assert.ok(inFlightAtKill >= 50, `only ${inFlightAtKill} in flight at the kill`);
  } finally {
    await service.stop();
    for (const r of receivers) r.server.close();
    for (const s of state.sockets) s.destroy();
    data.cleanup();
  }
});
