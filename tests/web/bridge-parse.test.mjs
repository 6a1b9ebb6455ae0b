// idv_parse_tracking: the core's reading of contract 1 bodies, through the bridge.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestBridge } from './helpers/core.mjs';
import { body, REF, PORTAL } from './helpers/harness.mjs';

let bridge;
before(async () => {
  bridge = await loadTestBridge();
});

test('a valid body', () => {
  const r = bridge.parseTracking(body({ status: 'IN_PROGRESS', version: 3 }));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.status, 'IN_PROGRESS');
  assert.equal(r.version, 3);
  assert.equal(r.portalUrl, PORTAL);
  assert.equal(r.trackingReference, REF);
  assert.equal(r.expiresAt, Date.parse('2099-01-01T00:00:00Z'));
  assert.equal(r.longPollMaxWaitSeconds, 0, 'not advertised: no long-poll');
});

test('every documented status parses; unknown ones are tolerated', () => {
  for (const status of ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED', 'FAILED', 'SOMETHING_NEW']) {
    const r = bridge.parseTracking(body({ status }));
    assert.equal(r.ok, true, `${status}: ${JSON.stringify(r)}`);
    assert.equal(r.rawStatus, status);
    assert.equal(r.status, status === 'SOMETHING_NEW' ? 'UNKNOWN' : status);
  }
});

test('optional long-poll advertisement is read, and clamped', () => {
  const r = bridge.parseTracking(body({ longPollMaxWaitSeconds: 20 }));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.longPollMaxWaitSeconds, 20);
  // Above the core's 30 s ceiling: clamped, not refused and not taken as is.
  assert.equal(bridge.parseTracking(body({ longPollMaxWaitSeconds: 3600 })).longPollMaxWaitSeconds, 30);
  const wrong = bridge.parseTracking(body({ longPollMaxWaitSeconds: '20' }));
  assert.deepEqual([wrong.ok, wrong.error, wrong.field], [false, 'wrong_type', 'longPollMaxWaitSeconds']);
});

test('garbage is reported, never thrown', () => {
  const cases = ['', '<html>', '{', 'null', '[]', '42', '{"status":7,"version":"x"}',
    body({ version: 'three' }), body({ status: null }), '\u0000', '{"a":' + '['.repeat(5000)];
  for (const text of cases) {
    const r = bridge.parseTracking(text);
    assert.equal(r.ok, false, `${text.slice(0, 30)} → ${JSON.stringify(r)}`);
    assert.equal(typeof r.error, 'string');
  }
  assert.equal(bridge.parseTracking(body()).ok, true, 'still usable after garbage');
});

test('UTF-8 survives the trip both ways', () => {
  const url = `${PORTAL}?naam=Zoë&vardas=Žydrūnė`;
  const r = bridge.parseTracking(body({ portalUrl: url }));
  assert.equal(r.portalUrl, url);
});
