// The runtime's command executor (web/src/tracker.js) on the real core in node, with a
// scripted fetch: timeouts abort, destroy() aborts and silences, re-entrant callbacks are safe.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadBridge } from './helpers/core.mjs';
import { body, REF } from './helpers/harness.mjs';
import { Tracker } from '../../web/src/tracker.js';

let bridge;
before(async () => {
  bridge = await loadBridge();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fetch whose answers the test scripts; records every call and its AbortSignal. */
function fakeFetch(answer) {
  const calls = [];
  const fn = (url, init) => {
    const call = { url, init, aborted: false };
    calls.push(call);
    return new Promise((resolve, reject) => {
      init.signal.addEventListener('abort', () => {
        call.aborted = true;
        reject(new DOMException('aborted', 'AbortError'));
      });
      const r = answer(call, calls.length);
      if (r) Promise.resolve(r).then(resolve, reject);
    });
  };
  fn.calls = calls;
  return fn;
}

function sink(overrides = {}) {
  const log = [];
  const s = {};
  for (const k of ['render', 'statusChange', 'success', 'expired', 'error', 'event']) {
    s[k] = (x) => log.push([k, x]);
  }
  return Object.assign(s, { log }, overrides);
}

const ok = (fields) => new Response(body(fields), { status: 200, headers: { ETag: `"v${fields?.version ?? 1}"` } });

test('requests carry If-None-Match and no credentials; a response renders', async () => {
  const fetch = fakeFetch(() => ok({ version: 1 }));
  const s = sink();
  const t = new Tracker(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100 }, s, { fetch });
  t.start();
  await sleep(300);
  t.destroy();
  assert.ok(fetch.calls.length >= 2, `polled ${fetch.calls.length} times`);
  assert.equal(fetch.calls[0].init.credentials, 'omit');
  assert.equal(fetch.calls[1].init.headers['If-None-Match'], '"v1"');
  const views = s.log.filter(([k]) => k === 'render').map(([, v]) => v.state);
  assert.ok(views.includes('awaitingScan'), views.join());
});

test('a request that hangs is aborted at the timeout and reported as such', async () => {
  const fetch = fakeFetch((call, n) => (n === 1 ? null : ok({ version: 2 })));
  const s = sink();
  const t = new Tracker(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100, requestTimeoutMs: 150 }, s, { fetch });
  t.start();
  await sleep(700);
  t.destroy();
  assert.equal(fetch.calls[0].aborted, true);
  assert.ok(s.log.some(([k, e]) => k === 'error' && e.code === 'timeout'));
  assert.ok(fetch.calls.length >= 2, 'polling went on');
});

test('destroy() aborts the request in flight and nothing runs afterwards', async () => {
  const fetch = fakeFetch(() => null); // never answers
  const s = sink();
  const t = new Tracker(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100 }, s, { fetch });
  t.start();
  await sleep(20);
  const before = s.log.length;
  t.destroy();
  t.refresh();
  t.visibility(true);
  await sleep(400);
  assert.equal(fetch.calls.length, 1);
  assert.equal(fetch.calls[0].aborted, true);
  assert.equal(s.log.length, before, 'no command after destroy()');
});

test('a callback may destroy() or refresh() re-entrantly', async () => {
  const fetch = fakeFetch(() => ok({ status: 'COMPLETED', version: 2 }));
  let t;
  const s = sink({
    statusChange() { t.refresh(); },
    success() { t.destroy(); },
  });
  t = new Tracker(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com' }, s, { fetch });
  t.start();
  await sleep(50);
  assert.equal(t.dead, true);
  assert.equal(fetch.calls.length, 1);
});

test('a huge hostile body is cut before it reaches wasm memory (which never shrinks)', async () => {
  const huge = body({ version: 1 }).replace('}', `,"pad":"${'x'.repeat(8 * 1024 * 1024)}"}`);
  const fetch = fakeFetch(() => new Response(huge, { status: 200 }));
  const s = sink();
  const before = bridge.x.memory.buffer.byteLength;
  const t = new Tracker(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100 }, s, { fetch });
  t.start();
  await sleep(200);
  t.destroy();
  const errors = s.log.filter(([k]) => k === 'error').map(([, e]) => e.code);
  assert.deepEqual(errors, ['bad_response'], 'reported once, as a bad response');
  const grown = bridge.x.memory.buffer.byteLength - before;
  assert.ok(grown < 1024 * 1024, `wasm memory grew by ${grown} bytes for an 8 MiB body`);
});
