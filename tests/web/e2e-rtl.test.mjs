// Chromium end-to-end for languages: a right-to-left locale mirrors the widget (dir="rtl",
// lang) and its QR still scans (zbarimg on a screenshot); catalogues come on demand, from beside
// the script, under the strict CSP; English shows while one loads and if it cannot be had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './helpers/server.mjs';
import { launch, open, waitState, snapshot, sleep } from './helpers/browser.mjs';
import { zbarimg } from './helpers/zbar.mjs';

let srv, browser;
const dir = mkdtempSync(join(tmpdir(), 'idv-rtl-'));
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

const catalogueRequests = () =>
  srv.staticRequests().filter((p) => p.startsWith('/dist/idv-widget.messages/'));

// Where the status line's first and last letters are drawn, and the container's language.
const layout = (page) => page.evaluate(() => {
  const root = document.querySelector('#verify').shadowRoot;
  const text = root.querySelector('.status span').firstChild;
  const at = (i) => {
    const r = document.createRange();
    r.setStart(text, i);
    r.setEnd(text, i + 1);
    return r.getBoundingClientRect().x;
  };
  const box = root.querySelector('.idv');
  return {
    lang: box.getAttribute('lang'),
    dir: box.getAttribute('dir'),
    direction: getComputedStyle(root.querySelector('.status')).direction,
    urlDirection: getComputedStyle(root.querySelector('.url')).direction,
    firstX: at(0),
    lastX: at(text.length - 2), // before the final full stop, a neutral character
  };
});

test('Arabic: dir="rtl" and lang="ar", mirrored text, the QR still scans, only ar.json fetched', async () => {
  const before = catalogueRequests().length;
  const ref = srv.track();
  const page = await open(browser, srv, { ref, poll: 500, locale: 'ar-EG' });
  await waitState(page, 'awaitingScan');
  const view = await snapshot(page);
  assert.match(view.status, /امسح رمز QR/);
  const ar = await layout(page);
  assert.equal(ar.lang, 'ar');
  assert.equal(ar.dir, 'rtl');
  assert.equal(ar.direction, 'rtl');
  assert.equal(ar.urlDirection, 'ltr', 'a URL still reads left to right');
  assert.ok(ar.firstX > ar.lastX, `right to left: first letter at ${ar.firstX}, last at ${ar.lastX}`);

  const file = join(dir, 'ar.png');
  await page.locator('#verify').screenshot({ path: file }); // the whole widget, as seen
  assert.deepEqual(zbarimg(file), [`${srv.origin}/p/${ref}`]);
  assert.deepEqual(catalogueRequests().slice(before), ['/dist/idv-widget.messages/ar.json']);
  const log = await page.evaluate(() => window.idvLog);
  assert.deepEqual(log.csp, [], 'fetching the catalogue needs no CSP change (same origin)');
  assert.deepEqual(log.errors, []);
  await page.close();

  // The same page in English reads left to right, and fetches no catalogue.
  const count = catalogueRequests().length;
  const enPage = await open(browser, srv, { ref, poll: 500, locale: 'en' });
  await waitState(enPage, 'awaitingScan');
  const en = await layout(enPage);
  assert.deepEqual([en.lang, en.dir, en.direction], ['en', 'ltr', 'ltr']);
  assert.ok(en.firstX < en.lastX);
  assert.equal(catalogueRequests().length, count, 'English is in the bundle');
  await enPage.close();
});

test('Hebrew from the browser language is right to left too; plurals pick the form', async () => {
  const context = await browser.newContext({ locale: 'he-IL' });
  const page = await context.newPage();
  const ref = srv.track();
  srv.script(ref, { status: 503, retryAfter: 2 });
  await page.goto(`${srv.origin}/pages/widget.html?ref=${ref}&poll=500`);
  await page.waitForFunction(() =>
    document.querySelector('#verify').shadowRoot.querySelector('.detail:not([hidden])'));
  const view = await snapshot(page);
  assert.match(view.detail, /\d+ שניות|\d+ שנייה/, view.detail);
  const he = await layout(page);
  assert.deepEqual([he.lang, he.dir], ['he', 'rtl']);
  await waitState(page, 'awaitingScan');
  await context.close();
});

test('a catalogue that cannot be fetched leaves the widget in English, without errors', async () => {
  const ref = srv.track();
  const page = await browser.newPage();
  await page.route('**/idv-widget.messages/**', (route) => route.abort());
  await page.goto(`${srv.origin}/pages/widget.html?ref=${ref}&poll=500&locale=de`);
  await waitState(page, 'awaitingScan');
  await sleep(200);
  const view = await snapshot(page);
  assert.match(view.status, /Scan the QR code/);
  assert.deepEqual((await layout(page)).lang, 'en');
  const log = await page.evaluate(() => window.idvLog);
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('while a slow catalogue loads, English shows (never blank); then the language', async () => {
  const ref = srv.track();
  const page = await browser.newPage();
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/idv-widget.messages/fr.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${srv.origin}/pages/widget.html?ref=${ref}&poll=500&locale=fr`);
  await page.waitForFunction(() =>
    document.querySelector('#verify').shadowRoot?.querySelector('.status span')?.textContent);
  assert.match((await snapshot(page)).status, /Preparing your verification/);
  release();
  await page.waitForFunction(() =>
    document.querySelector('#verify').shadowRoot.querySelector('.idv').lang === 'fr');
  await waitState(page, 'awaitingScan');
  assert.match((await snapshot(page)).status, /Scannez le code QR/);
  await page.close();
});
