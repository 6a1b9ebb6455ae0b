// The first QR, fast (issue 10, item 2): the wasm is fetched when the script is evaluated, the
// first tracking request goes out while the core compiles and the core's own first fetch
// command claims it (never two requests for one command, never a response for another URL),
// and the widget's frame has its final size from the first paint (no layout shift).
// Chromium end-to-end under the strict CSP, plus the claim rules in node on the real core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, STRICT_CSP } from './helpers/server.mjs';
import { launch, waitState, snapshot, until } from './helpers/browser.mjs';
import { loadBridge } from './helpers/core.mjs';
import { body, REF, API } from './helpers/harness.mjs';
import { CommandRunner } from '../../web/src/command-runner.js';
import { firstTrackingUrl } from '../../web/src/prefetch.js';

let srv, browser, bridge;
before(async () => {
  srv = await startServer();
  browser = await launch();
  bridge = await loadBridge();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

// Injected before the page's own scripts (DevTools, so the strict CSP does not apply to it):
// records layout shifts and unhandled rejections; window.go() mounts the widget.
function instrument() {
  window.shifts = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.shifts.push(e.toJSON()); })
    .observe({ type: 'layout-shift', buffered: true });
  window.rejections = [];
  window.streamingRefused = 0;
  const streaming = WebAssembly.compileStreaming;
  WebAssembly.compileStreaming = (r) => streaming(r).catch((e) => { window.streamingRefused++; throw e; });
  addEventListener('unhandledrejection', (e) => window.rejections.push(String(e.reason)));
  window.go = (extra) => {
    window.mountAt = performance.now();
    window.idvHandle = IdvWidget.mount('#verify', { ...window.idvOptions(), ...extra });
  };
}

// A shop page that loads the classic script and mounts only when the test calls go(), with a
// block below the widget that any change of the widget's height would move.
let pages = 0;
async function openShop({ ref, script = '<script src="/dist/idv-widget.js"></script>', route }) {
  const url = srv.page(`/first-qr-${++pages}.html`, `<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>shop</title><script src="/pages/watch.js"></script>
<script src="/pages/options.js"></script></head><body><h1>Checkout</h1><div id="verify"></div>
<p id="below">Order 1042<br>2 items<br>59.90 EUR<br>Shipping: free<br>Total: 59.90 EUR</p>
${script}</body></html>`, STRICT_CSP);
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
  await page.addInitScript(instrument);
  if (route) await page.route('**/*.wasm', route);
  await page.goto(`${url}?ref=${ref}&poll=60000&longPoll=0`);
  return page;
}

const frames = (page, n = 2) => page.evaluate((k) => new Promise((ok) => {
  const next = () => (k-- > 0 ? requestAnimationFrame(next) : setTimeout(ok, 0));
  next();
}), n);

test('the wasm request starts when the script is evaluated, before mount()', async () => {
  const ref = srv.track();
  const page = await openShop({ ref });
  await page.waitForTimeout(300); // the shop mounts later (after its own scripts, a click…)
  await page.evaluate(() => window.go());
  await waitState(page, 'awaitingScan');
  const t = await page.evaluate(() => ({
    mountAt: window.mountAt,
    wasm: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/idv-widget.wasm'))
      .map((e) => ({ start: e.startTime, end: e.responseEnd })),
  }));
  assert.equal(t.wasm.length, 1, 'one wasm request');
  assert.ok(t.wasm[0].end < t.mountAt, `wasm fetched (${t.wasm[0].end} ms) before mount (${t.mountAt} ms)`);
  assert.deepEqual(await page.evaluate(() => [window.idvLog.csp, window.idvLog.errors, window.rejections]), [[], [], []]);
  await page.close();
});

test("the documented <link rel=preload> is the widget's own wasm request (one download)", async () => {
  const ref = srv.track();
  const before = srv.staticRequests().filter((p) => p.endsWith('.wasm')).length;
  const page = await openShop({ ref, script: `<link rel="preload" href="/dist/idv-widget.wasm" as="fetch" crossorigin>
<script src="/dist/idv-widget.js"></script>` });
  await page.evaluate(() => window.go());
  await waitState(page, 'awaitingScan');
  assert.equal(srv.staticRequests().filter((p) => p.endsWith('.wasm')).length - before, 1, 'one .wasm request');
  await page.close();
});

test('the first tracking request goes out while the wasm loads, once, and its answer is used', async () => {
  const ref = srv.track();
  // The wasm is held back until the test lets it go: the core cannot be ready before then.
  let release;
  const gate = new Promise((r) => { release = r; });
  let releasedAt = Infinity;
  const page = await openShop({
    ref,
    route: async (route) => {
      await gate;
      await route.fulfill({ response: await route.fetch() });
    },
  });
  await page.evaluate(() => window.go());
  await until(() => srv.requests(ref).length >= 1, 5000, 'a tracking request while the wasm is held');
  assert.equal((await snapshot(page)).state, 'loading', 'the core is not running yet');
  releasedAt = Date.now();
  release();
  await waitState(page, 'awaitingScan');
  const s = await snapshot(page);
  assert.ok(s.qr, 'the QR is shown');
  const reqs = srv.requests(ref);
  assert.equal(reqs.length, 1, `one tracking GET for the first poll: ${reqs.map((r) => r.url)}`);
  assert.ok(reqs[0].t < releasedAt, 'sent before the core could have asked for it');
  assert.equal(reqs[0].url, `/v1/tracking/${ref}`);
  assert.equal(reqs[0].aborted, false);
  assert.equal(reqs[0].headers['if-none-match'], undefined);
  assert.equal(reqs[0].headers.cookie, undefined);
  assert.deepEqual(await page.evaluate(() => [window.idvLog.csp, window.rejections]), [[], []]);
  await page.close();
});

test('no layout shift from mount to QR: the frame has its final size in the loading state', async () => {
  const ref = srv.track();
  let release;
  const gate = new Promise((r) => { release = r; });
  const page = await openShop({ ref, route: async (route) => { await gate; await route.fulfill({ response: await route.fetch() }); } });
  await page.evaluate(() => window.go());
  await frames(page); // the loading state is painted (the page moved once to make room for it)
  const box = () => page.evaluate(() => {
    const r = (n) => n.getBoundingClientRect();
    return { widget: r(document.querySelector('#verify')).height, below: r(document.querySelector('#below')).top,
      t: performance.now() };
  });
  const loading = await box();
  release();
  await waitState(page, 'awaitingScan');
  await frames(page);
  const shown = await box();
  const shifts = await page.evaluate((t0) => window.shifts.filter((e) => e.startTime > t0), loading.t);
  const cls = shifts.reduce((a, e) => a + e.value, 0);
  assert.ok((await snapshot(page)).qr, 'the QR is shown');
  assert.equal(shown.widget, loading.widget, 'widget height: loading vs QR');
  assert.equal(shown.below, loading.below, 'the content below did not move');
  assert.equal(cls, 0, `layout shifts after mount: ${JSON.stringify(shifts)}`);
  assert.deepEqual(await page.evaluate(() => window.idvLog.csp), []);
  await page.close();
});

test('a failed eager load poisons nothing: no unhandled rejection, a later mount loads its own wasm', async () => {
  const ref = srv.track();
  const page = await openShop({ ref, script: '<script src="/dist/idv-widget.js" data-wasm-url="/dist/missing.wasm"></script>' });
  await until(() => srv.staticRequests().includes('/dist/missing.wasm'), 5000, 'the eager load of data-wasm-url');
  await page.waitForTimeout(200);
  await page.evaluate(() => window.go({ wasmUrl: '/dist/idv-widget.wasm' }));
  await waitState(page, 'awaitingScan');
  assert.deepEqual(await page.evaluate(() => [window.idvLog.errors, window.rejections]), [[], []]);
  await page.close();
});

test('a wasm served with the wrong MIME type still loads (compiled from its bytes)', async () => {
  const ref = srv.track();
  const page = await openShop({
    ref,
    route: async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, headers: { ...res.headers(), 'content-type': 'application/octet-stream' } });
    },
  });
  await page.evaluate(() => window.go());
  await waitState(page, 'awaitingScan');
  assert.equal(await page.evaluate(() => window.streamingRefused), 1, 'the streaming compile refused it');
  assert.deepEqual(await page.evaluate(() => window.rejections), []);
  await page.close();
});

// --- node: the claim rules, on the real core with a scripted fetch ---------------------------

/** A prefetch as prefetch.js makes it, answered by `answer` (a Response, or null = hangs). */
function fakePrefetch(url, answer) {
  const controller = new AbortController();
  const response = new Promise((resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    if (answer) resolve(answer);
  });
  response.catch(() => {});
  return { url, response, controller };
}

function recorder() {
  const calls = [];
  const fetch = (url, init) => {
    calls.push(url);
    return new Promise(() => {}); // never answers: the tests only count calls
  };
  const views = [];
  const errors = [];
  const sink = { render: (v) => views.push(v), error: (e) => errors.push(e), statusChange() {}, success() {}, expired() {}, event() {} };
  return { calls, fetch, views, errors, sink };
}

const until2 = async (cond, what) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), what);
};
const ok = (fields) => new Response(body(fields), { status: 200, headers: { ETag: '"v1"' } });
const config = { trackingReference: REF, apiBase: API, pollIntervalMs: 60000 };

test('node: the core\'s first fetch claims a matching prefetch — no second request', async () => {
  const r = recorder();
  const pre = fakePrefetch(firstTrackingUrl(config), ok());
  const t = new CommandRunner(bridge, config, r.sink, { fetch: r.fetch, prefetch: pre });
  t.start();
  await until2(() => r.views.some((v) => v.state === 'awaitingScan'), 'the prefetched answer renders');
  assert.deepEqual(r.calls, [], 'no fetch for the first command');
  assert.equal(pre.controller.signal.aborted, true, 'settled like any request (its abort is a no-op by then)');
  t.destroy();
});

test('node: a prefetch for another reference or apiBase is aborted and never used', async () => {
  for (const other of [{ ...config, trackingReference: 'other-reference-0001' }, { ...config, apiBase: 'https://evil.example.com' }]) {
    const r = recorder();
    // Its body would show another portal URL: it must never reach the core.
    const pre = fakePrefetch(firstTrackingUrl(other), ok({ portalUrl: `${API}/p/not-this-one` }));
    const t = new CommandRunner(bridge, config, r.sink, { fetch: r.fetch, prefetch: pre });
    t.start();
    assert.equal(pre.controller.signal.aborted, true, 'dropped at the first fetch command');
    assert.deepEqual(r.calls, [`${API}/v1/tracking/${REF}`], 'the core\'s own request, once');
    await new Promise((res) => setTimeout(res, 20));
    assert.ok(!r.views.some((v) => v.state === 'awaitingScan'), 'nothing rendered from the prefetch');
    t.destroy();
  }
});

test('node: the command\'s timeout applies to a claimed prefetch; destroy() aborts an unclaimed one', async () => {
  const r = recorder();
  const cfg = { ...config, requestTimeoutMs: 150 };
  const pre = fakePrefetch(firstTrackingUrl(cfg), null); // hangs
  const t = new CommandRunner(bridge, cfg, r.sink, { fetch: r.fetch, prefetch: pre });
  t.start();
  await until2(() => r.errors.some((e) => e.code === 'timeout'), 'a timeout reported');
  assert.equal(pre.controller.signal.aborted, true);
  t.destroy();

  const r2 = recorder();
  const pre2 = fakePrefetch(firstTrackingUrl(config), null);
  const t2 = new CommandRunner(bridge, config, r2.sink, { fetch: r2.fetch, prefetch: pre2 });
  t2.destroy(); // before start: e.g. the widget was removed while the core compiled
  assert.equal(pre2.controller.signal.aborted, true);
});

test('node: no prefetch where the core would refuse the config; otherwise exactly the core\'s URL', () => {
  const cases = [
    config,
    { ...config, apiBase: API + '/' },
    { ...config, apiBase: API + '/api//' },
    { ...config, apiBase: 'http://127.0.0.1:8080' },
    { ...config, apiBase: 'http://localhost:8080/x' },
    { ...config, portalOrigin: 'https://portal.example.com' },
    { ...config, portalOrigin: 'https://portal.example.com/' },
    { ...config, decisionUrl: 'https://shop.example.com/orders/1/decision' },
    { ...config, apiBase: 'HTTPS://Verify.Example.com' }, // the core takes it; we do not guess
    { ...config, apiBase: 'https://verify.example.com:443' },
    // refused by the core: nothing may go out
    { ...config, trackingReference: 'short' },
    { ...config, trackingReference: '-starts-with-dash' },
    { ...config, trackingReference: 'has space in it' },
    { ...config, trackingReference: 'x'.repeat(129) },
    { ...config, trackingReference: 42 },
    { ...config, apiBase: 'http://verify.example.com' },
    { ...config, apiBase: 'https://verify.example.com/?q=1' },
    { ...config, apiBase: 'https://user@verify.example.com' },
    { ...config, apiBase: '/relative' },
    { ...config, apiBase: 'javascript:alert(1)' },
    { ...config, portalOrigin: 'http://portal.example.com' },
    { ...config, portalOrigin: 'https://portal.example.com/p' },
    { ...config, decisionUrl: 'http://shop.example.com/decision' },
  ];
  let prefetched = 0;
  for (const c of cases) {
    const h = bridge.create(c);
    const first = bridge.start(h, Date.now()).find((x) => x.type === 'fetch');
    bridge.destroy(h);
    const mine = firstTrackingUrl(c);
    if (!first) assert.equal(mine, null, `the core sends nothing for ${JSON.stringify(c)}`);
    else if (mine !== null) assert.equal(mine, first.url, JSON.stringify(c));
    if (mine) prefetched++;
  }
  assert.equal(prefetched, 8, 'the usual configs are prefetched');
});
