// Chromium end-to-end over both phases, on the real binaries and the real widget (dist/):
// checkout -> widget -> QR screenshot decoded by zbarimg -> portal on a phone-sized page ->
// exactly one onSuccess on the desktop -> signed webhook delivered and verified -> decision
// shown. Also: no CSP violations, and axe finds no serious accessibility issue in the portal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createRequire } from 'node:module';

import {
  distDir, freePort, launchChromium, makePng, merchantBin, repoRoot, startProcess, startService, tempDir,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const artifacts = path.join(repoRoot, 'tests/demo/artifacts');  // git-ignored screenshots


let data;
let service;
let merchant;
let browser;

before(async () => {
  // Fail loudly, not skip: this suite is the proof that both phases work together.
  for (const f of ['idv-widget.js', 'idv-widget.wasm']) {
    assert.ok(existsSync(path.join(distDir, f)), `${distDir}/${f} is missing: run scripts/build (it builds dist/)`);
  }
  data = tempDir();
  service = await startService({ dataDir: data.dir, args: ['--phase2-delay-min-ms', '1000', '--phase2-delay-max-ms', '1000'] });
  const merchantPort = await freePort();
  const m = await startProcess(merchantBin, ['--port', String(merchantPort), '--data-dir', data.dir,
    '--service-base', service.base, '--dist-dir', distDir]);
  merchant = { ...m, base: `http://127.0.0.1:${merchantPort}` };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await merchant?.stop();
  await service?.stop();
  data?.cleanup();
});

function zbar(file) {
  return execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
}

function watchConsole(page, sink) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) sink.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => sink.push(String(err)));
}

async function axeSerious(page) {
  // evaluate() runs outside the page's CSP, so axe can be injected into a script-less page.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('both phases end to end in Chromium', async () => {
  const problems = [];
  mkdirSync(artifacts, { recursive: true });
  // A laptop screen: the widget appears below the cart, so the page must bring it into view.
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await desktop.newPage();
  watchConsole(page, problems);

  const response = await page.goto(`${merchant.base}/`);
  assert.match(response.headers()['content-security-policy'], /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  await page.click('#checkout-button');
  await page.waitForSelector('#phase1 li[data-kind="mount"]');

  // The QR, as a customer's phone camera would see it.
  const qr = page.locator('#verify svg[part~="qr"]');
  await qr.waitFor({ state: 'visible', timeout: 15000 });
  await page.waitForFunction(() => {  // smooth scrolling takes a moment
    const r = document.querySelector('#verify').shadowRoot.querySelector('svg[part~="qr"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 5000 });
  const shot = path.join(data.dir, 'qr.png');
  await qr.screenshot({ path: shot });
  await page.screenshot({ path: path.join(artifacts, 'desktop-widget.png') });
  const decoded = zbar(shot);
  assert.equal(decoded.length, 1, `one QR code in the screenshot, got ${JSON.stringify(decoded)}`);
  const portalUrl = decoded[0];
  assert.match(portalUrl, new RegExp(`^${service.base}/p/[0-9a-f-]{36}$`));

  // The phone.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
  });
  const mobile = await phone.newPage();
  watchConsole(mobile, problems);
  await mobile.goto(portalUrl);
  assert.deepEqual(await axeSerious(mobile), [], 'consent page accessibility');
  const fitsScreen = await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fitsScreen, 'no horizontal scrolling on a phone');
  await mobile.screenshot({ path: path.join(artifacts, 'phone-consent.png'), fullPage: true });
  await mobile.check('#consent');
  await mobile.click('button[type=submit]');
  await mobile.fill('#firstName', 'Ada');
  await mobile.fill('#lastName', 'Lovelace');
  await mobile.fill('#dateOfBirth', '1990-04-23');
  await mobile.click('button[type=submit]');
  await mobile.waitForSelector('#front');
  assert.deepEqual(await axeSerious(mobile), [], 'document page accessibility');
  await mobile.fill('#documentNumber', 'AB123456');
  await mobile.setInputFiles('#front', { name: 'front.png', mimeType: 'image/png', buffer: makePng(320, 200) });
  await mobile.screenshot({ path: path.join(artifacts, 'phone-document.png'), fullPage: true });
  await mobile.click('button[type=submit]');
  await mobile.waitForSelector('#selfie');
  assert.equal(await mobile.getAttribute('#selfie', 'capture'), 'user');
  await mobile.setInputFiles('#selfie', { name: 'selfie.png', mimeType: 'image/png', buffer: makePng(240, 320, [220, 180, 150]) });
  await mobile.click('button[type=submit]');
  const back = mobile.locator('a.button.primary');
  await back.waitFor();
  assert.match(await back.getAttribute('href'), new RegExp(`^${merchant.base}/\\?order=[0-9a-f]{24}$`));

  // Desktop: Phase 1 done -> "we're checking your documents", then the decision from the webhook.
  await mobile.screenshot({ path: path.join(artifacts, 'phone-done.png'), fullPage: true });
  await page.waitForSelector('#phase1 li[data-kind="success"]', { timeout: 15000 });
  assert.ok(await page.isVisible('#checking'), '"we are checking your documents" is shown');
  await page.waitForSelector('#decision[data-final="true"]', { timeout: 20000 });
  assert.equal(await page.getAttribute('#decision', 'data-outcome'), 'approved');
  assert.match(await page.textContent('#decision-text'), /Approved/);
  await page.waitForSelector('#phase2 li[data-kind="webhook.delivered"]', { timeout: 5000 });
  const phase2 = await page.$$eval('#phase2 li', (lis) => lis.map((li) => li.dataset.kind));
  for (const kind of ['phase2.started', 'phase2.verdict', 'webhook.verified', 'decision.stored', 'webhook.delivered']) {
    assert.ok(phase2.includes(kind), `timeline shows ${kind}: ${phase2.join(', ')}`);
  }
  await page.waitForTimeout(2500);  // a late duplicate onSuccess would show up here
  assert.equal(await page.locator('#phase1 li[data-kind="success"]').count(), 1, 'exactly one onSuccess');
  // The widget's decision relay asked the shop's backend and fired onDecision once.
  await page.waitForSelector('#phase1 li[data-kind="decision"]', { timeout: 8000 });
  assert.equal(await page.locator('#phase1 li[data-kind="decision"]').count(), 1, 'exactly one onDecision');
  assert.match(await page.textContent('#phase1 li[data-kind="decision"]'), /onDecision: approved/);
  // The decision card in words, with a way on; the servers' column starts with Phase 2.
  assert.doesNotMatch(await page.textContent('#decision-reviewer'), /^[a-z_]+$/, 'not a raw code');
  assert.doesNotMatch(await page.textContent('#decision-source'), /^[a-z_]+$/, 'not a raw code');
  assert.equal(await page.textContent('#decision-method'), 'document and selfie', 'how, from the webhook');
  assert.ok(await page.isVisible('#new-order a[href="/"]'), 'a decided order offers a new one');
  const firstPhase2 = await page.getAttribute('#phase2 li:first-child', 'data-kind');
  assert.doesNotMatch(firstPhase2, /^(invite|portal)\./, `Phase 2 starts with Phase 2: ${firstPhase2}`);
  // The shop on the phone, long ids and all: nothing scrolls sideways.
  const shopOnPhone = await phone.newPage();
  await shopOnPhone.goto(page.url());
  await shopOnPhone.waitForSelector('#decision[data-final="true"]');
  await shopOnPhone.waitForSelector('#phase2 li[data-kind="webhook.delivered"]');
  const shopFits = await shopOnPhone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  await shopOnPhone.screenshot({ path: path.join(artifacts, 'phone-shop-decided.png'), fullPage: true });
  assert.ok(shopFits, 'the shop does not scroll sideways at 390 px');
  const health = await (await fetch(`${merchant.base}/healthz`)).json();
  assert.equal(health.webhooksReceived, 1);
  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  await page.screenshot({ path: path.join(artifacts, 'desktop-decision.png'), fullPage: true });
  await phone.close();
  await desktop.close();
});
