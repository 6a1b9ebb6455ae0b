// Chromium end-to-end: what the customer sees and uses — the QR scans (zbarimg on a real
// screenshot), strict CSP holds, axe finds nothing, the keyboard reaches the button, locales.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from './helpers/server.mjs';
import { launch, open, waitState, snapshot } from './helpers/browser.mjs';
import { zbarimg } from './helpers/zbar.mjs';

let srv, browser;
const dir = mkdtempSync(join(tmpdir(), 'idv-e2e-'));
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

test('the QR on screen scans as the portal URL (zbarimg), under the strict CSP', async () => {
  const ref = srv.track();
  const page = await open(browser, srv, { ref, poll: 200 });
  await waitState(page, 'awaitingScan');
  const file = join(dir, 'qr.png');
  await page.locator('#verify svg').screenshot({ path: file });
  const portalUrl = `${srv.origin}/p/${ref}`;
  assert.deepEqual(zbarimg(file), [portalUrl]);

  const view = await snapshot(page);
  assert.equal(view.verifyHref, portalUrl);
  assert.match(view.status, /scan/i);
  assert.equal(view.live, view.status, 'the live region carries the status');
  // Text alternative: the image is labelled, and the URL is offered as link text.
  const a11y = await page.evaluate(() => {
    const root = document.querySelector('#verify').shadowRoot;
    return { role: root.querySelector('svg').getAttribute('role'),
      label: root.querySelector('svg').getAttribute('aria-label'),
      urlText: root.querySelector('.url').textContent };
  });
  assert.equal(a11y.role, 'img');
  assert.match(a11y.label, /QR/);
  assert.equal(a11y.urlText, portalUrl);

  const log = await page.evaluate(() => window.idvLog);
  assert.deepEqual(log.csp, [], 'no CSP violations');
  assert.deepEqual(log.errors, []);
  // The page really is under the policy, and the violation listener really listens: an inline
  // script is refused and reported.
  const probe = await page.evaluate(async () => {
    const el = document.createElement('script');
    el.textContent = 'window.inlineRan = true';
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 100));
    return { ran: !!window.inlineRan, reported: window.idvLog.csp.length };
  });
  assert.deepEqual(probe, { ran: false, reported: 1 });
  await page.close();
});

test('axe-core finds no accessibility violations (awaiting scan, and the retry state)', async () => {
  // axe is injected as an inline script, so this context bypasses CSP (tested above).
  const context = await browser.newContext({ bypassCSP: true });
  const check = async (query, state) => {
    const page = await context.newPage();
    const qs = new URLSearchParams(query);
    await page.goto(`${srv.origin}/pages/widget.html?${qs}`);
    await waitState(page, state, '#verify', 15000);
    await page.addScriptTag({ path: join(repoRoot, 'node_modules/axe-core/axe.min.js') });
    const result = await page.evaluate(() => window.axe.run(document));
    await page.close();
    return result;
  };
  for (const [query, state] of [
    [{ ref: srv.track(), poll: 200 }, 'awaitingScan'],
    [{ ref: 'bbbbbbbb-0000-4000-8000-000000000000', poll: 100 }, 'error'],
  ]) {
    const r = await check(query, state);
    const summary = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' | ')}`);
    assert.deepEqual(summary, [], state);
    assert.ok(r.passes.length > 5);
  }
  await context.close();
});

test('Tab reaches the verify button, and Enter opens the portal', async () => {
  const ref = srv.track();
  const page = await open(browser, srv, { ref, poll: 200 });
  await waitState(page, 'awaitingScan');
  const focused = () => page.evaluate(() => {
    const host = document.activeElement;
    const inner = host?.shadowRoot?.activeElement;
    return inner ? inner.className : host?.tagName;
  });
  let found = false;
  for (let i = 0; i < 5 && !found; i++) {
    await page.keyboard.press('Tab');
    found = /verify/.test(await focused());
  }
  assert.ok(found, 'verify button focused by Tab');
  const outline = await page.evaluate(() => {
    const a = document.querySelector('#verify').shadowRoot.activeElement;
    return getComputedStyle(a).outlineStyle;
  });
  assert.notEqual(outline, 'none', 'visible focus ring');
  const [popup] = await Promise.all([
    page.context().waitForEvent('page'),
    page.keyboard.press('Enter'),
  ]);
  await popup.waitForLoadState('domcontentloaded').catch(() => {});
  assert.equal(popup.url(), `${srv.origin}/p/${ref}`);
  assert.equal(await popup.evaluate(() => window.opener), null, 'noopener');
  await popup.close();
  await page.close();
});

test('locales: lt from the option, nl from the browser language, overrides win', async () => {
  const ref = srv.track();
  const lt = await open(browser, srv, { ref, poll: 500, locale: 'lt' });
  await waitState(lt, 'awaitingScan');
  assert.match((await snapshot(lt)).status, /Nuskenuokite QR kodą/);
  await lt.close();

  const context = await browser.newContext({ locale: 'nl-BE' });
  const nl = await context.newPage();
  await nl.goto(`${srv.origin}/pages/widget.html?ref=${ref}&poll=500`);
  await waitState(nl, 'awaitingScan');
  assert.match((await snapshot(nl)).status, /Scan de QR-code/);
  await nl.evaluate(() => {
    window.idvHandle = IdvWidget.mount('#verify', {
      ...window.idvOptions(), messages: { 'status.awaitingScan': 'Scan me, {seconds}' } });
  });
  await waitState(nl, 'awaitingScan');
  assert.equal((await snapshot(nl)).status, 'Scan me, {seconds}');
  await context.close();
});

test('theming custom properties reach into the shadow tree', async () => {
  const ref = srv.track();
  const page = await open(browser, srv, { ref, poll: 500 });
  await waitState(page, 'awaitingScan');
  const color = await page.evaluate(() => {
    document.querySelector('#verify').style.setProperty('--idv-accent', 'rgb(122, 31, 162)');
    const btn = document.querySelector('#verify').shadowRoot.querySelector('.verify');
    return getComputedStyle(btn).backgroundColor;
  });
  assert.equal(color, 'rgb(122, 31, 162)');
  await page.close();
});
