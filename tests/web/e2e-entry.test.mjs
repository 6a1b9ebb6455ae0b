// Chromium end-to-end: the ways a merchant loads the widget — the README's snippet as written,
// the ES module, the <idv-widget> element, several widgets on a page, a cross-origin API
// (CORS), and a wasm that fails to load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, repoRoot, STRICT_CSP } from './helpers/server.mjs';
import { launch, open, waitState, snapshot, events, sleep, until } from './helpers/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

/** The ```html block after `<!-- snippet:script-tag` in docs/widget-api.md. */
function readmeSnippet() {
  const doc = readFileSync(join(repoRoot, 'docs/widget-api.md'), 'utf8');
  const m = doc.match(/<!-- snippet:script-tag[^]*?```html\n([^]*?)```/);
  assert.ok(m, 'snippet marker in docs/widget-api.md');
  return m[1];
}

test("the README's script-tag snippet works as written", async () => {
  const ref = srv.track({ status: 'PENDING' });
  const html = readmeSnippet()
    .replace('/idv-widget.js', '/dist/idv-widget.js')
    .replace('3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10', ref)
    .replace('https://verify.example.com', srv.origin);
  const url = srv.page('/readme.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shop</title></head><body>
${html}<p id="next-step" hidden>Thanks! We are checking your documents.</p></body></html>`);
  const page = await browser.newPage();
  await page.goto(url);
  await waitState(page, 'awaitingScan', '#verify');
  srv.update(ref, { status: 'COMPLETED' });
  // Default poll interval (2 s) — the snippet sets none.
  await page.waitForSelector('#next-step:not([hidden])', { timeout: 10000 });
  await page.close();
});

test('ES module: import { mount } from dist/idv-widget.mjs, wasm found via import.meta.url', async () => {
  const ref = srv.track();
  const page = await open(browser, srv, { ref, poll: 100 }, 'esm.html');
  await waitState(page, 'awaitingScan');
  srv.update(ref, { status: 'IN_PROGRESS' });
  await waitState(page, 'customerActive');
  srv.update(ref, { status: 'COMPLETED' });
  await waitState(page, 'submitted');
  assert.equal((await events(page, 'success')).length, 1);
  assert.deepEqual(await page.evaluate(() => window.idvLog.csp), []);
  await page.close();
});

test('<idv-widget> dispatches bubbling, composed events; removing it stops it', async () => {
  const ref = srv.track();
  const page = await open(browser, srv, { ref, poll: 100 }, 'element.html');
  await waitState(page, 'awaitingScan', 'idv-widget');
  srv.update(ref, { status: 'COMPLETED' });
  await waitState(page, 'submitted', 'idv-widget');
  const types = (await events(page)).map((e) => e.type);
  assert.ok(types.includes('idv-status'));
  assert.equal(types.filter((t) => t === 'idv-success').length, 1);
  assert.equal(await page.evaluate(() => document.querySelector('idv-widget').state), 'submitted');

  const other = srv.track();
  await page.evaluate((r) => {
    const el = document.querySelector('idv-widget');
    el.setAttribute('tracking-reference', r); // attribute change → re-mount
  }, other);
  await until(() => srv.requests(other).length >= 2, 5000, 'the re-mounted widget polls');
  await page.evaluate(() => document.querySelector('idv-widget').remove());
  await sleep(200);
  const n = srv.requests(other).length;
  await sleep(700);
  assert.equal(srv.requests(other).length, n, 'no request after removal');
  assert.deepEqual(await page.evaluate(() => window.idvLog.csp), []);
  await page.close();
});

test('several widgets on one page share one wasm download', async () => {
  const refs = [srv.track(), srv.track(), srv.track()];
  const before = srv.staticRequests().filter((p) => p.endsWith('.wasm')).length;
  const url = srv.page('/multi.html', `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>multi</title></head><body>${refs.map((r, i) => `<div id="w${i}"></div>`).join('')}
<script src="/dist/idv-widget.js"></script><script>
window.handles = ${JSON.stringify(refs)}.map((ref, i) =>
  IdvWidget.mount('#w' + i, { trackingReference: ref, apiBase: location.origin, pollIntervalMs: 200 }));
</script></body></html>`);
  const page = await browser.newPage();
  await page.goto(url);
  for (let i = 0; i < 3; i++) await waitState(page, 'awaitingScan', `#w${i}`);
  const wasm = srv.staticRequests().filter((p) => p.endsWith('.wasm')).length - before;
  assert.equal(wasm, 1, 'one .wasm request for three widgets');
  srv.update(refs[1], { status: 'COMPLETED' });
  await waitState(page, 'submitted', '#w1');
  assert.equal((await snapshot(page, '#w0')).state, 'awaitingScan');
  await page.close();
});

test('cross-origin API: simple requests (no If-None-Match, no preflight) and an explicit portalOrigin', async () => {
  const ref = srv.track();
  const api = srv.origin.replace('127.0.0.1', 'localhost');
  const csp = `${STRICT_CSP}; connect-src 'self' ${api}`;
  const url = srv.page('/cors.html', `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>cors</title><script src="/pages/watch.js"></script><script src="/pages/options.js"></script>
</head><body><div id="verify"></div><script src="/dist/idv-widget.js"></script>
<script src="/pages/boot.js"></script></body></html>`, csp);
  const page = await browser.newPage();
  await page.goto(`${url}?ref=${ref}&poll=100&api=${encodeURIComponent(api)}&portal=${encodeURIComponent(srv.origin)}`);
  await waitState(page, 'awaitingScan');
  await until(() => srv.requests(ref).length >= 4, 5000, 'several polls');
  // If-None-Match would make each poll preflight + GET; the widget keeps them simple instead.
  assert.ok(srv.requests(ref).every((r) => !r.headers['if-none-match']), 'no conditional header');
  assert.deepEqual(srv.preflights().filter((p) => p.includes(ref)), [], 'no CORS preflight');
  assert.equal((await snapshot(page)).verifyHref, `${srv.origin}/p/${ref}`);
  assert.deepEqual(await page.evaluate(() => window.idvLog.csp), []);
  await page.close();
});

test('a wasm that cannot load: onError(wasm_load_failed), an honest message, no crash', async () => {
  const ref = srv.track();
  const page = await browser.newPage();
  await page.goto(`${srv.origin}/pages/widget.html?ref=${ref}`);
  await page.evaluate((r) => {
    window.idvHandle = IdvWidget.mount('#verify', {
      ...window.idvOptions(), trackingReference: r, wasmUrl: '/dist/missing.wasm' });
  }, ref);
  await waitState(page, 'error');
  const errors = await events(page, 'error');
  assert.equal(errors.at(-1).detail.code, 'wasm_load_failed');
  assert.ok((await snapshot(page)).status.length > 0);
  await page.close();
});

// The README's ES-module snippet, exactly as written, through a real bundler: esbuild resolves
// the bare 'idv-widget' through package.json "exports" (the repository is linked in as
// node_modules/idv-widget, as an npm install would put it), the wasm is copied beside the
// bundle as the README says, and Chromium runs it under the strict CSP.
test("the README's ES-module snippet works through esbuild", async () => {
  const { build } = await import('esbuild');
  const { mkdtempSync, mkdirSync, symlinkSync, copyFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const m = readme.match(/```js\n(import \{ mount \} from 'idv-widget';[^\n]*\nconst widget = mount\([^\n]*\n)```/);
  assert.ok(m, 'the ES-module snippet in README.md');
  const work = mkdtempSync(join(tmpdir(), 'idv-esbuild-'));
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(repoRoot, join(work, 'node_modules', 'idv-widget'));
  const out = join(repoRoot, 'dist', '.esbuild-test');
  try {
    const prelude = `const host = document.getElementById('verify');
const trackingReference = host.dataset.ref, apiBase = host.dataset.apiBase;
const onSuccess = () => { document.getElementById('next-step').hidden = false; };
`;
    await build({
      stdin: { contents: prelude + m[1], resolveDir: work, sourcefile: 'shop.js' },
      bundle: true, format: 'esm', platform: 'browser', outfile: join(out, 'shop.js'), logLevel: 'silent',
    });
    copyFileSync(join(repoRoot, 'dist', 'idv-widget.wasm'), join(out, 'idv-widget.wasm'));
    const ref = srv.track({ status: 'PENDING' });
    const url = srv.page('/readme-esm.html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shop</title></head><body>
<div id="verify" data-ref="${ref}" data-api-base="${srv.origin}"></div>
<p id="next-step" hidden>Thanks! We are checking your documents.</p>
<script type="module" src="/dist/.esbuild-test/shop.js"></script></body></html>`);
    const page = await browser.newPage();
    await page.goto(url);
    await waitState(page, 'awaitingScan', '#verify');
    srv.update(ref, { status: 'COMPLETED' });
    await page.waitForSelector('#next-step:not([hidden])', { timeout: 10000 });
    await page.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
});
