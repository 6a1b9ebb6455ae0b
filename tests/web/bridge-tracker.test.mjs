// The tracking state machine of the real wasm core, driven through the JS bridge with a fake
// clock: what the runtime will be told to do, and that callbacks fire exactly once.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadBridge } from './helpers/core.mjs';
import { Harness, body, API, REF, PORTAL } from './helpers/harness.mjs';
import { NETWORK_ERROR, TIMEOUT } from '../../web/src/bridge.js';

let bridge;
before(async () => {
  bridge = await loadBridge();
});

function started(config) {
  const t = new Harness(bridge, config);
  t.start();
  return t;
}

test('start: one request to the tracking URL, a loading view', () => {
  const t = started();
  assert.equal(t.of('fetch').length, 1);
  assert.equal(t.request.url.split('?')[0], `${API}/v1/tracking/${REF}`);
  assert.ok(t.request.timeoutMs > 0);
  assert.equal(t.view.state, 'loading');
  t.destroy();
});

test('malformed references fail fast with invalid_reference and no request', () => {
  for (const ref of ['', 'a b', '../../admin', 'x/y', 'ref?x=1', '#', 'é'.repeat(5), 'a'.repeat(300)]) {
    const t = started({ trackingReference: ref });
    const errors = t.of('error');
    assert.equal(t.of('fetch').length, 0, `no request for ${JSON.stringify(ref)}`);
    assert.equal(errors.length, 1, JSON.stringify(ref));
    assert.equal(errors[0].event.code, 'invalid_reference');
    assert.equal(errors[0].event.fatal, true);
    assert.equal(t.view.state, 'error');
    t.destroy();
  }
});

test('PENDING shows the QR and the portal link, then polls at the interval', () => {
  const t = started({ pollIntervalMs: 2000 });
  t.respond(200, body(), { etag: '"v1"' });
  assert.equal(t.view.state, 'awaitingScan');
  assert.equal(t.view.portalUrl, PORTAL);
  assert.ok(t.view.qr && t.view.qr.path.startsWith('M'));
  const delay = t.untilFetch();
  assert.ok(delay >= 1600 && delay <= 2400, `poll delay ${delay}`);
  assert.equal(t.request.ifNoneMatch, '"v1"');
  t.respond(304, '');
  assert.equal(t.view.state, 'awaitingScan');
  t.destroy();
});

test('duplicated, stale and out-of-order responses: one transition each, one success', () => {
  const t = started();
  t.respond(200, body({ status: 'PENDING', version: 1 }));
  t.untilFetch();
  t.respond(200, body({ status: 'IN_PROGRESS', version: 3 }));
  t.untilFetch();
  t.respond(200, body({ status: 'IN_PROGRESS', version: 3 })); // duplicate
  t.untilFetch();
  t.respond(200, body({ status: 'PENDING', version: 2 })); // stale: must not go back
  assert.equal(t.view.state, 'customerActive');
  assert.ok(t.of('event').some((c) => c.event.kind === 'stale_response'));
  t.untilFetch();
  const id = t.request.requestId;
  t.respond(200, body({ status: 'COMPLETED', version: 4 }));
  assert.equal(t.view.state, 'submitted');
  // The same answer again for the same request, a refresh, a late stale answer: nothing moves.
  t.respond(200, body({ status: 'COMPLETED', version: 4 }), { requestId: id });
  t.apply(bridge.refresh(t.h, t.now));
  if (t.request) t.respond(200, body({ status: 'COMPLETED', version: 4 }));
  t.respond(200, body({ status: 'IN_PROGRESS', version: 3 }), { requestId: id });
  assert.equal(t.view.state, 'submitted');

  assert.equal(t.of('success').length, 1);
  assert.equal(t.of('success')[0].event.trackingReference, REF);
  const changes = t.of('statusChange').map((c) => c.event.state);
  assert.deepEqual(changes, ['awaitingScan', 'customerActive', 'submitted']);
  // Terminal: nothing is scheduled or fetched any more.
  assert.equal(t.wakeAt, null);
  t.destroy();
});

test('hostile portal URLs are never shown nor encoded', () => {
  const hostile = [
    'https://evil.example/p/x',
    'javascript:alert(1)',
    `https://verify.example.com@evil.example/p/${REF}`,
    `https://verify.example.com.evil.example/p/${REF}`,
    `http://verify.example.com/p/${REF}`, // http off loopback
    'data:text/html,<script>alert(1)</script>',
    `//evil.example/p/${REF}`,
  ];
  for (const portalUrl of hostile) {
    const t = started();
    t.respond(200, body({ portalUrl }));
    assert.equal(t.view.portalUrl ?? null, null, portalUrl);
    assert.equal(t.view.qr ?? null, null, portalUrl);
    const reported = [...t.of('error'), ...t.of('event')].map((c) => c.event.code ?? c.event.kind);
    assert.ok(reported.includes('portal_url_rejected'), `${portalUrl}: ${reported}`);
    t.destroy();
  }
});

test('429 waits at least Retry-After; 5xx, timeouts, network errors and garbage back off and recover', () => {
  const t = started({ pollIntervalMs: 1000 });
  t.respond(429, '', { retryAfter: '7' });
  assert.equal(t.of('error').at(-1).event.code, 'rate_limited');
  assert.ok(t.untilFetch() >= 7000);

  t.respond(500, 'oops');
  assert.equal(t.of('error').at(-1).event.code, 'server_error');
  assert.equal(t.of('error').at(-1).event.fatal, false);
  t.untilFetch();
  t.fail(TIMEOUT);
  assert.equal(t.of('error').at(-1).event.code, 'timeout');
  t.untilFetch();
  t.fail(NETWORK_ERROR);
  assert.equal(t.of('error').at(-1).event.code, 'network_error');
  t.untilFetch();
  t.respond(200, '<html>garbage');
  assert.equal(t.of('error').at(-1).event.code, 'bad_response');
  assert.ok(t.view.detailKey, 'the customer is told something is wrong');
  t.untilFetch();
  t.respond(200, body({ status: 'IN_PROGRESS', version: 2 }));
  assert.equal(t.view.state, 'customerActive');
  assert.ok(!t.view.detailKey, 'recovered: no error detail left');
  t.destroy();
});

test('a hidden tab polls at the slow cadence, and a visible one catches up', () => {
  const t = started({ pollIntervalMs: 1000, hiddenPollIntervalMs: 20000 });
  t.respond(200, body());
  t.apply(bridge.visibility(t.h, t.now, 0));
  const hiddenDelay = t.untilFetch();
  assert.ok(hiddenDelay >= 15000, `hidden delay ${hiddenDelay}`);
  t.respond(200, body());
  t.now += 500;
  t.apply(bridge.visibility(t.h, t.now, 1));
  const before = t.now;
  const visibleDelay = t.request ? 0 : t.untilFetch();
  assert.ok(visibleDelay <= 1500, `visible again: next request after ${t.now - before} ms`);
  t.destroy();
});

test('unknown statuses are tolerated and reported as events', () => {
  const t = started();
  t.respond(200, body({ status: 'ON_HOLD', version: 2 }));
  assert.ok(t.of('event').some((c) => c.event.kind === 'unknown_status'));
  assert.ok(!['error', 'failed'].includes(t.view.state));
  t.untilFetch();
  t.respond(200, body({ status: 'EXPIRED', version: 3 }));
  assert.equal(t.view.state, 'expired');
  assert.equal(t.of('expired').length, 1);
  assert.equal(t.of('success').length, 0);
  t.destroy();
});

test('offline pauses polling; online resumes it', () => {
  const t = started({ pollIntervalMs: 1000 });
  t.respond(200, body());
  t.apply(bridge.connectivity(t.h, t.now, 0));
  assert.equal(t.view.detailKey, 'detail.offline');
  t.now += 60000;
  if (t.wakeAt != null) t.fireTimer();
  assert.equal(t.request, null, 'no request while offline');
  t.apply(bridge.connectivity(t.h, t.now, 1));
  if (!t.request) t.untilFetch();
  assert.ok(t.request);
  t.destroy();
});

test('many trackers share one module instance independently', () => {
  const a = started();
  const b = started({ trackingReference: 'other-reference-123' });
  a.respond(200, body({ status: 'COMPLETED', version: 2 }));
  assert.equal(a.of('success').length, 1);
  assert.equal(b.of('success').length, 0);
  assert.equal(b.view.state, 'loading');
  a.destroy();
  b.destroy();
});
