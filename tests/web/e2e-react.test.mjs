// Chromium end-to-end: <IdvWidget> from 'idv-widget/react' in an app bundled with esbuild, under
// <StrictMode> (React's development build, which mounts → unmounts → mounts) and the strict CSP:
// one widget, one poll stream, one onSuccess; a new trackingReference re-mounts; a new callback
// does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startServer, repoRoot } from './helpers/server.mjs';
import { launch, waitState, events, sleep, until } from './helpers/browser.mjs';

let srv, browser;
const app = mkdtempSync(join(tmpdir(), 'idv-react-e2e-'));
before(async () => {
  // As a merchant's app would be built: the bundle, and the package's .wasm copied beside it
  // (the runtime looks for it next to itself, through import.meta.url).
  await build({
    entryPoints: [join(repoRoot, 'tests/web/pages/react-app.mjs')],
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    outfile: join(app, 'react-app.js'),
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  copyFileSync(join(repoRoot, 'dist/idv-widget.wasm'), join(app, 'idv-widget.wasm'));
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
  rmSync(app, { recursive: true, force: true });
});

const TYPES = { js: 'text/javascript', wasm: 'application/wasm' };
const served = []; // /app/ files the pages asked for

async function openApp(query) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
  // /app/* is the bundle directory, on the test server's origin (so under its CSP's 'self').
  await page.route(`${srv.origin}/app/*`, (route) => {
    const name = new URL(route.request().url()).pathname.slice('/app/'.length);
    served.push(name);
    route.fulfill({ body: readFileSync(join(app, name)), contentType: TYPES[name.split('.').pop()] });
  });
  await page.goto(`${srv.origin}/pages/react.html?${new URLSearchParams(query)}`);
  return page;
}

/** How many widget containers the host's shadow root holds (a second mount replaces the first). */
const containers = (page) =>
  page.evaluate(() => document.querySelector('#verify').shadowRoot.querySelectorAll('.idv').length);

/** Requests that were answered (an aborted one — StrictMode's first mount — carries nothing). */
const answered = (ref) => srv.requests(ref).filter((r) => !r.aborted);

test('StrictMode: one widget, one poll stream, one onSuccess; strict CSP holds', async () => {
  const ref = srv.track();
  const page = await openApp({ ref, poll: 200 });
  await waitState(page, 'awaitingScan', '#verify');
  assert.equal(await containers(page), 1);
  assert.ok(served.includes('idv-widget.wasm'), 'the .wasm beside the bundle was loaded');
  assert.equal(await page.evaluate(() => window.widgetRef.current.state), 'awaitingScan', 'ref');

  // One stream polls every 200 ms ± 20 %: consecutive answered requests are ≥ 160 ms apart.
  // Two widgets (the StrictMode mount that should have been destroyed, still polling) would
  // interleave, with gaps far shorter than that.
  await sleep(1500);
  const times = answered(ref).map((r) => r.t);
  assert.ok(times.length >= 5 && times.length <= 12, `${times.length} polls in ~1.5 s`);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  assert.ok(Math.min(...gaps) >= 120, `gaps between polls: ${gaps.join(', ')} ms`);

  srv.update(ref, { status: 'COMPLETED' });
  await waitState(page, 'submitted', '#verify');
  await sleep(500); // a second widget's onSuccess would arrive within a poll or two
  const success = await events(page, 'success');
  assert.equal(success.length, 1);
  assert.equal(success[0].detail.trackingReference, ref);
  assert.equal(success[0].detail.phase, 'data-entry-complete');
  assert.deepEqual(await page.evaluate(() => window.idvLog.csp), [], 'no CSP violations');
  assert.deepEqual(await page.evaluate(() => window.idvLog.errors), []);
  await page.close();
});

test('a new callback does not re-mount; a new trackingReference does', async () => {
  const a = srv.track();
  const page = await openApp({ ref: a, poll: 200 });
  await waitState(page, 'awaitingScan', '#verify');

  // Mark the rendered container: a re-mount would replace it (and report its states again).
  await page.evaluate(() => {
    document.querySelector('#verify').shadowRoot.querySelector('.idv').dataset.mark = '1';
  });
  const statusBefore = (await events(page, 'status')).length;
  const aBefore = answered(a).length;
  await page.evaluate(() => window.setWidgetProps({ tag: 'b' }));
  await sleep(600);
  assert.equal(await page.evaluate(() =>
    document.querySelector('#verify').shadowRoot.querySelector('.idv').dataset.mark), '1',
  'the same widget is still there');
  assert.equal((await events(page, 'status')).length, statusBefore, 'no new state changes');
  assert.ok(answered(a).length > aBefore, 'and it kept polling');

  const b = srv.track();
  await page.evaluate((ref) => window.setWidgetProps({ ref }), b);
  await until(() => answered(b).length >= 2, 5000, 'the new reference is polled');
  await sleep(300); // a request of the old widget already in flight may still land
  const aAfter = answered(a).length;
  await sleep(800);
  assert.equal(answered(a).length, aAfter, 'the old reference is no longer polled');
  assert.equal(await containers(page), 1);

  srv.update(b, { status: 'COMPLETED' });
  await waitState(page, 'submitted', '#verify');
  await sleep(500);
  const success = await events(page, 'success');
  assert.equal(success.length, 1);
  assert.equal(success[0].detail.trackingReference, b);
  assert.equal(success[0].detail.tag, 'b', 'the callback of the latest render was called');
  assert.deepEqual(await page.evaluate(() => window.idvLog.errors), []);
  await page.close();
});
