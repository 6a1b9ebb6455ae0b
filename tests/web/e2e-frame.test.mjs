// Frame mode in Chromium, on the real reference service (its /widget/frame route) and the
// widget in dist/: a merchant page whose CSP has no 'wasm-unsafe-eval' runs the whole flow
// through dist/idv-widget-frame.js — QR in the frame decoded by zbarimg, exactly one onSuccess,
// no CSP violation on either side — and messages from anyone but our frame, or forged into the
// frame by anyone but its parent, change nothing.
// Needs the service binary (IDV_DEMO_BIN_DIR, default build/native/demo) built with frame_page.cpp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from './helpers/server.mjs';
import { launch, sleep, until } from './helpers/browser.mjs';
import { zbarimg } from './helpers/zbar.mjs';
import { completePortal, invite, startReceiver, startService, tempDir } from '../demo/helpers.mjs';

const FRAME_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *";

let data, service, receiver, shop, evil, browser;
const dir = mkdtempSync(join(tmpdir(), 'idv-e2e-frame-'));
const merchantHtml = readFileSync(join(repoRoot, 'tests/web/pages/frame-merchant.html'), 'utf8');

before(async () => {
  data = tempDir();
  receiver = await startReceiver(() => ({ status: 200 }));
  service = await startService({ dataDir: data.dir });
  const probe = await fetch(`${service.base}/widget/frame`);
  await probe.arrayBuffer();
  assert.equal(probe.status, 200, `${service.base}/widget/frame: rebuild the service (frame_page.cpp), or set IDV_DEMO_BIN_DIR`);
  shop = await startServer(); // the merchant: its page and dist/idv-widget-frame.js
  evil = await startServer(); // another origin
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await evil?.close();
  await service?.stop();
  await receiver?.close();
  data?.cleanup();
});

async function newSession() {
  const r = await invite(service.base, { referenceData: 'frame-test', webhookUrl: receiver.url });
  assert.equal(r.status, 201);
  return r.json;
}

// A merchant page with the strictest usual policy: no 'wasm-unsafe-eval', frames only from the
// service (and `extraFrames`).
function merchantPage(path, extraFrames = '') {
  const csp = `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${service.base}${extraFrames}`;
  return { url: shop.page(path, merchantHtml, csp), csp };
}

// Every frame records CSP violations from its first script on (init scripts run in iframes too).
async function newPage() {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.cspSeen = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspSeen.push(`${location.origin} ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (/favicon/.test(m.location().url)) return; // the test server has none
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

const handleState = (page) => page.evaluate(() => window.idvHandle.state);
const events = (page, type) => page.evaluate((t) => window.idvLog.events.filter((e) => e.type === t), type);
const widgetFrame = (page, ref) => until(() => page.frames().find((f) =>
  f.url().startsWith(`${service.base}/widget/frame#`) && f.url().includes(ref)), 10000, 'the frame');
const frameState = (frame) => frame.evaluate(() =>
  document.getElementById('widget').shadowRoot?.querySelector('.idv')?.dataset.state ?? null);

test('the frame page is served under its own strict CSP, framable, with the widget beside it', async () => {
  const res = await fetch(`${service.base}/widget/frame`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-security-policy'), FRAME_CSP);
  assert.equal(res.headers.get('x-frame-options'), null);
  assert.match(await res.text(), /<script src="idv-widget.js"><\/script>\s*<script src="frame.js">/);
  for (const [path, type] of [['frame.js', /javascript/], ['frame.css', /css/],
    ['idv-widget.js', /javascript/], ['idv-widget.wasm', /wasm/]]) {
    const r = await fetch(`${service.base}/widget/${path}`);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), type, path);
    await r.arrayBuffer();
  }
  assert.equal((await fetch(`${service.base}/widget/idv-widget.d.ts`)).status, 404); // only what the frame needs
});

test('no wasm-unsafe-eval in the page: QR scans, one onSuccess, 0 CSP violations', async () => {
  const session = await newSession();
  const ref = session.trackingReference;
  const { context, page, problems } = await newPage();
  const { url, csp } = merchantPage('/shop');
  const response = await page.goto(`${url}?ref=${ref}&api=${encodeURIComponent(service.base)}&poll=200`);
  assert.equal(response.headers()['content-security-policy'], csp);
  assert.doesNotMatch(csp, /wasm-unsafe-eval/);

  await until(async () => (await handleState(page)) === 'awaitingScan', 15000, 'awaitingScan');
  const frame = await widgetFrame(page, ref);
  // The reference is in the fragment only; the parent's fallback text stays hidden.
  assert.equal(new URL(frame.url()).search, '');
  assert.equal(await frameState(frame), 'awaitingScan');
  const iframe = page.locator('#verify iframe');
  assert.equal(await iframe.getAttribute('sandbox'),
    'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  // One permission delegated: the Digital Credentials API for "Use your digital ID"; no other.
  assert.equal(await iframe.getAttribute('allow'), 'digital-credentials-get');

  // The frame sizes itself: the iframe is as tall as its content, and nothing scrolls.
  await until(async () => frame.evaluate(() =>
    document.documentElement.scrollHeight <= window.innerHeight &&
    Math.abs(document.documentElement.getBoundingClientRect().height - window.innerHeight) <= 1),
  5000, 'the iframe to fit its content');

  const file = join(dir, 'frame-qr.png');
  await iframe.screenshot({ path: file });
  assert.deepEqual(zbarimg(file), [session.portalUrl]);

  // "Verify on this device" opens the portal in a new tab, outside the sandbox (allow-popups,
  // allow-popups-to-escape-sandbox), without a way back to the frame.
  const [popup] = await Promise.all([context.waitForEvent('page'), frame.locator('.verify').click()]);
  await popup.waitForLoadState('domcontentloaded');
  assert.equal(popup.url(), session.portalUrl);
  assert.equal(await popup.evaluate(() => window.opener), null);
  assert.ok(await popup.locator('form').count() > 0, 'the portal shows its first step');
  await popup.close();

  await completePortal(service.base, ref);
  await until(async () => (await events(page, 'success')).length > 0, 15000, 'onSuccess');
  await sleep(1000); // a duplicate would arrive by now
  const success = await events(page, 'success');
  assert.equal(success.length, 1);
  assert.equal(success[0].detail.trackingReference, ref);
  assert.equal(success[0].detail.phase, 'data-entry-complete');
  assert.equal(await handleState(page), 'submitted');
  const statuses = (await events(page, 'status')).map((e) => e.detail.state);
  assert.equal(statuses.at(-1), 'submitted');

  assert.deepEqual(await page.evaluate(() => window.cspSeen), [], 'CSP violations in the page');
  assert.deepEqual(await frame.evaluate(() => window.cspSeen), [], 'CSP violations in the frame');
  assert.deepEqual(await page.evaluate(() => window.idvLog.csp), []);
  assert.deepEqual(problems, []);
  // Both policies are in force and both listeners listen: an inline script is refused and seen.
  for (const f of [page.mainFrame(), frame]) {
    const probe = await f.evaluate(async () => {
      const el = document.createElement('script');
      el.textContent = 'window.inlineRan = true';
      document.body.append(el);
      await new Promise((r) => setTimeout(r, 100));
      return { ran: !!window.inlineRan, seen: window.cspSeen.length };
    });
    assert.deepEqual(probe, { ran: false, seen: 1 }, f.url());
  }

  // refresh() and destroy() reach the frame; destroy removes it.
  await page.evaluate(() => { window.idvHandle.refresh(); window.idvHandle.destroy(); });
  assert.equal(await page.locator('#verify iframe').count(), 0);
  await context.close();
});

test('messages from another origin or another frame, and forged into the frame, change nothing', async () => {
  const { trackingReference: ref } = await newSession();
  const { trackingReference: other } = await newSession();
  const { context, page, problems } = await newPage();
  evil.page('/evil', '<!doctype html><title>another origin</title>');
  const { url } = merchantPage('/shop2', ` ${evil.origin}`);
  await page.goto(`${url}?ref=${ref}&api=${encodeURIComponent(service.base)}&poll=200`);
  await until(async () => (await handleState(page)) === 'awaitingScan', 15000, 'awaitingScan');
  const frame = await widgetFrame(page, ref);
  const height = await page.locator('#verify iframe').evaluate((f) => f.style.height);

  // A second frame of the same service (right origin, wrong window), and a frame of another origin.
  await page.evaluate(([svc, otherRef, evilUrl]) => {
    for (const src of [`${svc}/widget/frame#ref=${otherRef}&parent=${encodeURIComponent(location.origin)}&poll=200`, evilUrl]) {
      const f = document.createElement('iframe');
      f.src = src;
      document.body.append(f);
    }
  }, [service.base, other, `${evil.origin}/evil`]);
  const second = await widgetFrame(page, other);
  await until(async () => (await frameState(second)) === 'awaitingScan', 15000, 'second frame');
  const attacker = await until(() => page.frames().find((f) => f.url() === `${evil.origin}/evil`));
  await attacker.waitForLoadState();

  await attacker.evaluate(([refOfWidget]) => {
    const forged = [
      { v: 1, type: 'success', detail: { trackingReference: refOfWidget, phase: 'data-entry-complete' } },
      { v: 1, type: 'state', state: 'submitted' },
      { v: 1, type: 'height', height: 1 },
      { v: 1, type: 'error', detail: { code: 'forged', fatal: true } },
      { v: 1, type: 'statusChange', detail: { state: 'submitted' } },
    ];
    for (const m of forged) parent.postMessage(m, '*');
    // Our iframe lives in a shadow root, so it is not even among parent.frames (the next test
    // forges messages into a frame that is).
    if (parent.length !== 2) throw new Error(`parent.frames has ${parent.length} frames`);
  }, [ref]);
  // The other frame's session finishes: it tells its parent, which is not listening to it.
  await completePortal(service.base, other);
  await until(async () => (await frameState(second)) === 'submitted', 15000, 'second frame submitted');
  await sleep(500);

  assert.deepEqual(await events(page, 'success'), []);
  assert.deepEqual(await events(page, 'error'), []);
  assert.ok((await events(page, 'status')).every((e) => e.detail.state !== 'submitted'));
  assert.equal(await handleState(page), 'awaitingScan');
  assert.equal(await page.locator('#verify iframe').evaluate((f) => f.style.height), height);
  assert.equal(await frameState(frame), 'awaitingScan');

  // The widget still works: its own session completes → exactly one onSuccess.
  await completePortal(service.base, ref);
  await until(async () => (await events(page, 'success')).length > 0, 15000, 'onSuccess');
  await sleep(500);
  const success = await events(page, 'success');
  assert.equal(success.length, 1);
  assert.equal(success[0].detail.trackingReference, ref);
  assert.deepEqual(problems.filter((p) => /Content.Security.Policy/i.test(p)), []);
  await context.close();
});

test('a message forged into the frame by another origin changes nothing', async () => {
  const { trackingReference: ref } = await newSession();
  const { context, page } = await newPage();
  // The shop embeds the frame in plain DOM this time, next to a frame of another origin.
  await page.goto(shop.page('/host', '<!doctype html><title>host</title>'));
  await page.evaluate(([svc, r, evilUrl]) => {
    for (const src of [`${svc}/widget/frame#ref=${r}&parent=${encodeURIComponent(location.origin)}&poll=200`, evilUrl]) {
      const f = document.createElement('iframe');
      f.src = src;
      document.body.append(f);
    }
  }, [service.base, ref, `${evil.origin}/evil`]);
  const frame = await widgetFrame(page, ref);
  await until(async () => (await frameState(frame)) === 'awaitingScan', 15000, 'awaitingScan');
  const attacker = await until(() => page.frames().find((f) => f.url() === `${evil.origin}/evil`));
  await attacker.waitForLoadState();
  await attacker.evaluate(() => {
    const target = parent.frames[0]; // the widget's frame
    for (const type of ['destroy', 'refresh']) target.postMessage({ v: 1, type }, '*');
  });
  await sleep(500);
  assert.equal(await frameState(frame), 'awaitingScan', 'the forged destroy was ignored');
  await completePortal(service.base, ref);
  await until(async () => (await frameState(frame)) === 'submitted', 15000, 'submitted');
  // The same message from the parent is obeyed.
  await page.evaluate((svc) => document.querySelector('iframe').contentWindow
    .postMessage({ v: 1, type: 'destroy' }, svc), service.base);
  await until(async () => (await frameState(frame)) === null, 5000, 'destroyed by the parent');
  await context.close();
});

test('a page that names another origin as the parent gets no widget', async () => {
  const { trackingReference: ref } = await newSession();
  const { context, page } = await newPage();
  // Not the merchant: a page of another origin that embeds the frame claiming the shop's origin.
  const html = '<!doctype html><title>impostor</title>';
  await page.goto(evil.page('/impostor', html));
  await page.evaluate(([svc, r, claimed]) => {
    const f = document.createElement('iframe');
    f.src = `${svc}/widget/frame#ref=${r}&parent=${encodeURIComponent(claimed)}`;
    document.body.append(f);
  }, [service.base, ref, shop.origin]);
  const frame = await widgetFrame(page, ref);
  await frame.waitForLoadState();
  await sleep(500);
  assert.equal(await frameState(frame), null);
  await context.close();
});
