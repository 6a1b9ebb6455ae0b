// Chromium, the hand-off codes on the real binaries and the real widget (dist/): the shop's
// checkout shows the short code, where to type it and the match code; a phone without a camera
// types the code (as a person would: lower case, a hyphen) at that address and lands on the
// portal, whose first page names the shop and shows the same match code; the widget then
// collapses its QR and code but keeps the match code to compare.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium, startShop, tempDir } from './helpers.mjs';

const SHOP = 'Northwind Cycles';

let data;
let service;
let merchant;
let browser;

before(async () => {
  data = tempDir();
  ({ service, merchant } = await startShop({ dataDir: data.dir, serviceArgs: () => ['--merchant-name', SHOP] }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await merchant?.stop();
  await service?.stop();
  data?.cleanup();
});

const widget = (page) => page.evaluate(() => {
  const root = document.querySelector('#verify').shadowRoot;
  const shown = (n) => n && !n.hasAttribute('hidden');
  const values = [...root.querySelectorAll('.code .value')].map((v) => v.textContent);
  return {
    state: root.querySelector('.idv').dataset.state,
    address: shown(root.querySelector('.code')) ? values[0] : null,
    shortCode: shown(root.querySelector('.code')) ? values[1] : null,
    match: shown(root.querySelector('.match')) ? root.querySelector('.match .value').textContent : null,
  };
});

test('a phone without a camera types the short code and sees the shop and the same match code', async () => {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await desktop.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  await page.goto(`${merchant.base}/`);
  await page.click('#checkout-button');
  await page.waitForFunction(() =>
    document.querySelector('#verify')?.shadowRoot?.querySelector('.idv')?.dataset.state === 'awaitingScan');
  const shown = await widget(page);
  assert.equal(shown.address, `${service.base}/code`, 'the address from the configured portal origin');
  assert.match(shown.shortCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match(shown.match, /^\d\d$/);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const mobile = await phone.newPage();
  await mobile.goto(shown.address);
  await mobile.fill('input[name=code]', shown.shortCode.toLowerCase());
  await mobile.click('button[type=submit]');
  await mobile.waitForURL(/\/p\/[0-9a-f-]{36}/);
  assert.equal(await mobile.textContent('.merchant-name'), SHOP);
  assert.equal(await mobile.textContent('.match-code'), shown.match, 'the phone shows the widget\'s number');
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'fits the phone');

  // The portal is open: the desktop's QR and code collapse; the number to compare stays.
  await page.waitForFunction(() =>
    document.querySelector('#verify').shadowRoot.querySelector('.idv').dataset.state === 'customerActive',
  null, { timeout: 15000 });
  const collapsed = await widget(page);
  assert.equal(collapsed.shortCode, null);
  assert.equal(collapsed.match, shown.match);
  assert.equal(await page.locator('#verify svg[part~="qr"]').isVisible(), false);

  // A finished or expired session's code leads nowhere: covered over HTTP in handoff_codes.
  assert.deepEqual(problems, []);
  await phone.close();
  await desktop.close();
});
