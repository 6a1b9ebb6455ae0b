// The runtime's command executor (web/src/command-runner.js) on the real core in node, with a
// scripted fetch: timeouts abort, destroy() aborts and silences, re-entrant callbacks are safe.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadBridge } from './helpers/core.mjs';
import { body, REF } from './helpers/harness.mjs';
import { CommandRunner } from '../../web/src/command-runner.js';

let bridge;
before(async () => {
  bridge = await loadBridge();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once `cond()` holds, re-checked whenever `notify` is called (a fetch, a callback):
 * the tests wait for what they expect to happen, not for an amount of wall-clock time that a
 * loaded machine may not honour. The deadline only turns "never happened" into a named failure.
 */
function waiter(deadlineMs = 20000) {
  const pending = new Set();
  const notify = () => {
    for (const w of [...pending]) {
      if (w.cond()) {
        pending.delete(w);
        clearTimeout(w.timer);
        w.resolve();
      }
    }
  };
  const until = (cond, what) => new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const w = { cond, resolve };
    w.timer = setTimeout(() => {
      pending.delete(w);
      reject(new Error(`never happened: ${what}`));
    }, deadlineMs);
    pending.add(w);
  });
  return { notify, until };
}

/** A fetch whose answers the test scripts; records every call and its AbortSignal. */
function fakeFetch(answer) {
  const calls = [];
  const w = waiter();
  const fn = (url, init) => {
    const call = { url, init, aborted: false };
    calls.push(call);
    queueMicrotask(w.notify);
    return new Promise((resolve, reject) => {
      init.signal.addEventListener('abort', () => {
        call.aborted = true;
        w.notify();
        reject(new DOMException('aborted', 'AbortError'));
      });
      const r = answer(call, calls.length);
      if (r) Promise.resolve(r).then(resolve, reject);
    });
  };
  fn.calls = calls;
  /** Resolves when at least `n` requests were made. */
  fn.made = (n) => w.until(() => calls.length >= n, `${n} requests`);
  return fn;
}

function sink(overrides = {}) {
  const log = [];
  const w = waiter();
  const s = {};
  for (const k of ['render', 'statusChange', 'success', 'expired', 'error', 'event']) {
    s[k] = (x) => {
      log.push([k, x]);
      overrides[k]?.(x);
      w.notify();
    };
  }
  /** Resolves when a callback of kind `k` (matching `pred`) has been made. */
  s.seen = (k, pred = () => true) => w.until(() => log.some(([kind, x]) => kind === k && pred(x)), k);
  return Object.assign(s, { log });
}

const ok = (fields) => new Response(body(fields), { status: 200, headers: { ETag: `"v${fields?.version ?? 1}"` } });

test('requests carry If-None-Match and no credentials; a response renders', async () => {
  const fetch = fakeFetch(() => ok({ version: 1 }));
  const s = sink();
  const t = new CommandRunner(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100 }, s, { fetch });
  t.start();
  await fetch.made(2);
  await s.seen('render', (v) => v.state === 'awaitingScan');
  t.destroy();
  assert.equal(fetch.calls[0].init.credentials, 'omit');
  assert.equal(fetch.calls[1].init.headers['If-None-Match'], '"v1"');
  const views = s.log.filter(([k]) => k === 'render').map(([, v]) => v.state);
  assert.ok(views.includes('awaitingScan'), views.join());
});

test('a request that hangs is aborted at the timeout and reported as such', async () => {
  const fetch = fakeFetch((call, n) => (n === 1 ? null : ok({ version: 2 })));
  const s = sink();
  const t = new CommandRunner(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100, requestTimeoutMs: 150 }, s, { fetch });
  t.start();
  await s.seen('error', (e) => e.code === 'timeout');
  await fetch.made(2); // polling went on
  t.destroy();
  assert.equal(fetch.calls[0].aborted, true);
});

test('destroy() aborts the request in flight and nothing runs afterwards', async () => {
  const fetch = fakeFetch(() => null); // never answers
  const s = sink();
  const t = new CommandRunner(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100 }, s, { fetch });
  t.start();
  await fetch.made(1);
  const before = s.log.length;
  t.destroy();
  t.refresh();
  t.visibility(true);
  // Nothing may happen now, so there is no event to wait for: give a live tracker (100 ms
  // cadence, and refresh() fetches at once) several chances to misbehave.
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
  t = new CommandRunner(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com' }, s, { fetch });
  t.start();
  await s.seen('success');
  assert.equal(t.dead, true);
  assert.equal(fetch.calls.length, 1, 'the queued refresh() never ran: success destroyed first');
  const kinds = s.log.map(([k]) => k);
  assert.equal(kinds.filter((k) => k === 'statusChange').length, 1, kinds.join());
  assert.equal(kinds.at(-1), 'success', `nothing after destroy(): ${kinds.join()}`);
});

test('a huge hostile body is cut before it reaches wasm memory (which never shrinks)', async () => {
  const huge = body({ version: 1 }).replace('}', `,"pad":"${'x'.repeat(8 * 1024 * 1024)}"}`);
  const fetch = fakeFetch(() => new Response(huge, { status: 200 }));
  const s = sink();
  const before = bridge.x.memory.buffer.byteLength;
  const t = new CommandRunner(bridge, { trackingReference: REF, apiBase: 'https://verify.example.com', pollIntervalMs: 100 }, s, { fetch });
  t.start();
  await s.seen('error');
  await fetch.made(2); // and the next poll went out after it
  t.destroy();
  const errors = s.log.filter(([k]) => k === 'error').map(([, e]) => e.code);
  assert.deepEqual(errors, ['bad_response'], 'reported once, as a bad response');
  const grown = bridge.x.memory.buffer.byteLength - before;
  assert.ok(grown < 1024 * 1024, `wasm memory grew by ${grown} bytes for an 8 MiB body`);
});
