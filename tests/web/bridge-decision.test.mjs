// The optional Phase 2 relay through the real wasm: after onSuccess the core asks the
// merchant's own backend (with same-origin cookies) and fires one `decision` command.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadBridge } from './helpers/core.mjs';
import { Harness, body, REF } from './helpers/harness.mjs';

const DECISION_URL = 'https://shop.example.com/orders/1042/decision';
let bridge;
before(async () => {
  bridge = await loadBridge();
});

test('submitted, then checking, then decided: one success, one decision', () => {
  const t = new Harness(bridge, { decisionUrl: DECISION_URL, decisionIntervalMs: 2500 });
  t.start();
  t.respond(200, body({ status: 'COMPLETED', version: 3 }));
  assert.equal(t.of('success').length, 1);
  assert.equal(t.of('decision').length, 0, "Phase 1's end is not a decision");
  assert.equal(t.view.state, 'submitted');
  assert.equal(t.view.decision, 'checking');
  assert.equal(t.view.detailKey, 'detail.checking');

  assert.ok(t.untilFetch() >= 2500);
  assert.equal(t.request.url, DECISION_URL);
  assert.equal(t.request.credentials, 'same-origin');
  t.respond(200, '{"decided":false}');
  t.untilFetch();
  t.respond(404, '');
  t.untilFetch();
  t.respond(200, '{"decided":true,"final":true,"outcome":"approved","riskLevel":"LOW"}');
  const decisions = t.of('decision');
  assert.equal(decisions.length, 1);
  assert.deepEqual(
    { ...decisions[0].event },
    { trackingReference: REF, outcome: 'approved',
      riskLevel: 'LOW', decidedAt: null, source: 'merchant-backend' },
  );
  assert.equal(t.view.messageKey, 'status.decided');
  assert.equal(t.view.state, 'submitted');
  assert.equal(t.wakeAt, null, 'nothing more to ask');
  t.destroy();
});

test('the tracking request itself never sends cookies', () => {
  const t = new Harness(bridge, {});
  t.start();
  assert.equal(t.request.credentials, 'omit');
  t.destroy();
});

test('an http decision URL off loopback is refused before any request', () => {
  const t = new Harness(bridge, { decisionUrl: 'http://shop.example.com/decision' });
  t.start();
  assert.equal(t.of('fetch').length, 0);
  assert.equal(t.of('error')[0].event.code, 'invalid_config');
  t.destroy();
});

test('float options pass through the wasm-only strtod', () => {
  // A real fraction: JSON.stringify keeps 7500.75 as written, so nlohmann hands it to strtod
  // (2.5e3 would be written as 2500, an integer that never reaches it). The option is whole
  // milliseconds, so it must act exactly like 7500 — with the same seed, the same jittered gap —
  // and unlike the 2000 ms default (a misread fraction, "750075", lands far outside).
  const gapWith = (pollIntervalMs) => {
    const t = new Harness(bridge, pollIntervalMs == null ? {} : { pollIntervalMs });
    t.start();
    t.respond(200, body());
    const gap = t.untilFetch();
    t.destroy();
    return gap;
  };
  const fractional = gapWith(7500.75);
  assert.equal(fractional, gapWith(7500));
  assert.ok(fractional >= 6000 && fractional <= 9000, `gap ${fractional}`);
  assert.notEqual(fractional, gapWith(undefined), 'the option was not ignored');
  assert.notEqual(fractional, gapWith(7501), 'the gap depends on the exact interval');
});
