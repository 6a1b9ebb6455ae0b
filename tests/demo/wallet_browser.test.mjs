// Chromium, the whole wallet path on the real binaries and the real widget (dist/): the shop's
// checkout offers "Use your digital ID" (a test wallet stands in behind the browser's Digital
// Credentials API: Chromium ships the API since 141, but no wallet answers it here), the wallet
// presents a genuine SD-JWT VC or mdoc signed by a test issuer the service trusts
// (--wallet-trust), the service verifies it with the
// real code, Phase 1 ends with exactly one onSuccess, and Phase 2's signed webhook says the
// method was a wallet. Also: a cancelled wallet is a calm, non-fatal state; a browser without
// the API shows no wallet button and no console error.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchChromium, repoRoot, startShop, tempDir } from './helpers.mjs';
import { makeIssuerKeys } from '../wallet/issuer-keys.mjs';
import { testWalletScript } from '../wallet/browser-bundle.mjs';

let data;
let service;
let merchant;
let browser;
let issuer;

before(async () => {
  mkdirSync(path.join(repoRoot, 'tests/demo/artifacts'), { recursive: true });  // git-ignored screenshots
  data = tempDir();
  issuer = makeIssuerKeys();
  const trust = path.join(data.dir, 'wallet-trust');
  mkdirSync(trust);
  await issuer.writeTrust(trust);
  ({ service, merchant } = await startShop({ dataDir: data.dir, serviceArgs: (shop) => ['--phase2-delay-min-ms', '300',
    '--phase2-delay-max-ms', '300', '--wallet-trust', trust, '--wallet-origins', shop] }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await merchant?.stop();
  await service?.stop();
  data?.cleanup();
});

function watchConsole(page, sink) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) sink.push(msg.text());
  });
  page.on('pageerror', (err) => sink.push(String(err)));
}

async function checkout(wallet, { withoutApi = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (wallet) await page.addInitScript(testWalletScript({ issuer, requireUserActivation: true, ...wallet }));
  // A browser without the Digital Credentials API: current Chromium has it (and answers
  // userAgentAllowsProtocol('openid4vp-v1-unsigned') with true), so take it away.
  if (withoutApi) await page.addInitScript(() => { delete window.DigitalCredential; });
  const problems = [];
  watchConsole(page, problems);
  await page.goto(`${merchant.base}/`);
  await page.click('#checkout-button');
  await page.locator('#verify svg[part~="qr"]').waitFor({ state: 'visible', timeout: 15000 });
  return { context, page, problems };
}

const walletButton = (page) => page.locator('#verify >> button.wallet');
const detail = (page) => page.evaluate(() =>
  document.querySelector('#verify').shadowRoot.querySelector('.detail').textContent);

for (const format of ['dc+sd-jwt', 'mso_mdoc']) {
  test(`a ${format} presentation ends Phase 1 once, and the webhook says "wallet"`, async () => {
    const { context, page, problems } = await checkout({ options: { format } });
    const button = walletButton(page);
    await button.waitFor({ state: 'visible' });
    assert.equal(await button.textContent(), 'Use your digital ID');
    if (format === 'dc+sd-jwt') {
      await page.locator('#verify').screenshot({ path: path.join(repoRoot, 'tests/demo/artifacts', 'wallet-widget.png') });
    }
    await button.click();
    await page.waitForSelector('#phase1 li[data-kind="success"]', { timeout: 15000 });
    const calls = await page.evaluate(() => window.__idvTestWallet.calls.length);
    assert.equal(calls, 1, 'the wallet was asked once');
    assert.match(await page.textContent('#phase1'), /onEvent: wallet_accepted/);
    await page.waitForSelector('#decision[data-final="true"]', { timeout: 20000 });
    await page.waitForSelector('#phase2 li[data-kind="webhook.delivered"]', { timeout: 5000 });
    await page.waitForTimeout(1500);  // a late duplicate onSuccess would show up here
    assert.equal(await page.locator('#phase1 li[data-kind="success"]').count(), 1, 'exactly one onSuccess');
    const order = new URL(page.url()).searchParams.get('order');
    const stored = await (await fetch(`${merchant.base}/api/orders/${order}`)).json();
    assert.equal(stored.verificationMethod, 'wallet', JSON.stringify(stored));
    assert.equal(await page.textContent('#decision-method'), 'digital ID wallet');
    await page.screenshot({ path: path.join(repoRoot, 'tests/demo/artifacts', `wallet-decided-${format === 'mso_mdoc' ? 'mdl' : 'pid'}.png`), fullPage: true });
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
    await context.close();
  });
}

test('a browser that speaks only org-iso-mdoc (Safari 26) gets the same path, encrypted', async () => {
  const { context, page, problems } = await checkout({ protocols: ['org-iso-mdoc'] });
  await walletButton(page).click();
  await page.waitForSelector('#phase1 li[data-kind="success"]', { timeout: 15000 });
  const asked = await page.evaluate(() => window.__idvTestWallet.calls.map((c) => c.requests.map((r) => r.protocol)));
  assert.equal(asked.length, 1);
  assert.deepEqual(asked[0], ['org-iso-mdoc'], 'the widget asked in the one protocol this browser speaks');
  await page.waitForSelector('#decision[data-final="true"]', { timeout: 20000 });
  assert.equal(await page.textContent('#decision-method'), 'digital ID wallet');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a cancelled wallet is calm and non-fatal: QR, button and a second try stay', async () => {
  const { context, page, problems } = await checkout({ reject: 'NotAllowedError' });
  const button = walletButton(page);
  await button.click();
  await page.waitForFunction(() => /cancelled/.test(
    document.querySelector('#verify').shadowRoot.querySelector('.detail').textContent));
  assert.ok(await page.locator('#verify svg[part~="qr"]').isVisible(), 'the QR stays');
  assert.ok(await button.isEnabled(), 'the button can be pressed again');
  assert.equal(await page.locator('#phase1 li[data-kind="error"]').count(), 0, 'not an error');
  // The customer changes their mind: the second try presents.
  await page.evaluate(() => { window.__idvTestWallet.reject = null; });
  await button.click();
  await page.waitForSelector('#phase1 li[data-kind="success"]', { timeout: 15000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a refused presentation (untrusted issuer) says so and keeps the other paths open', async () => {
  const stranger = makeIssuerKeys({ cn: 'Not trusted' });
  const { context, page } = await checkout({ issuer: stranger });
  await walletButton(page).click();
  await page.waitForFunction(() => /could not be accepted/.test(
    document.querySelector('#verify').shadowRoot.querySelector('.detail').textContent));
  assert.match(await detail(page), /scan the QR code/);
  assert.ok(await page.locator('#verify svg[part~="qr"]').isVisible());
  const errors = await page.$$eval('#phase1 li[data-kind="error"]', (lis) => lis.map((li) => li.textContent));
  assert.ok(errors.some((e) => /wallet_refused/.test(e) && /wallet_untrusted_issuer/.test(e)), errors.join(' | '));
  await context.close();
});

test('a browser without the Digital Credentials API shows no wallet button and no console error', async () => {
  const { context, page, problems } = await checkout(null, { withoutApi: true });
  await page.waitForTimeout(300);
  assert.equal(await walletButton(page).isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});
