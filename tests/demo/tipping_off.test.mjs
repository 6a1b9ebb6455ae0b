// No tipping-off (issue 9, item 5): a customer on the sanctions list reads only a neutral outcome
// on the shop's page and in its JSON API — never a screening reason — while the shop's back
// office (/admin, HTTP Basic with the password from secrets.env) shows the reason, and refuses
// a missing or wrong password. Real service + merchant on loopback, the page in Chromium.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  completePortal, distDir, freePort, launchChromium, merchantBin, repoRoot, startProcess, startService,
  tempDir, waitFor,
} from './helpers.mjs';


// What a customer must never read (the brief's list, plus the sender's "suspected"/"fraud").
const SCREENING = /sanction|\bPEP\b|watch.?list|\bAML\b|adverse|politically|suspect|fraud/i;
const ADMIN_PASSWORD = 'test-admin-password-0123456789';
const SANCTIONED = { firstName: 'Ivan', lastName: 'Sanctioned' };


const basic = (password, user = 'admin') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function startMerchant(dataDir, serviceBase, env) {
  const port = await freePort();
  const args = ['--port', String(port), '--data-dir', dataDir, '--service-base', serviceBase];
  if (existsSync(path.join(distDir, 'idv-widget.js'))) args.push('--dist-dir', distDir);
  const m = await startProcess(merchantBin, args, env);
  return { ...m, base: `http://127.0.0.1:${port}` };
}

describe('no tipping-off: neutral customer page and API, reasons on /admin', () => {
  let data;
  let service;
  let merchant;
  let browser;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir });
    merchant = await startMerchant(data.dir, service.base, { IDV_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await merchant?.stop();
    await service?.stop();
    data?.cleanup();
  });

  async function checkout(webhookFormat) {
    const res = await fetch(`${merchant.base}/api/checkout`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ webhookFormat }) });
    assert.equal(res.status, 201);
    return res.json();
  }
  const getJson = async (url) => {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    return { text: await res.text(), headers: res.headers };
  };
  const finalDecision = (order) => waitFor(async () => {
    const r = JSON.parse((await getJson(`${merchant.base}/api/orders/${order.orderId}/decision`)).text);
    return r.final ? r : null;
  }, { what: 'a final decision' });
  const admin = (authorization) => fetch(`${merchant.base}/admin`,
    { headers: authorization ? { Authorization: authorization } : {} });

  for (const format of ['risk-assessment', 'identification']) {
    test(`${format}: the order page in Chromium and the order API carry no screening word`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${merchant.base}/`);
      await page.selectOption('#webhook-format', format);
      await page.click('#checkout-button');
      await page.waitForFunction(() => /^\?order=[0-9a-f]{24}$/.test(location.search));
      const orderId = new URL(page.url()).searchParams.get('order');
      const order = JSON.parse((await getJson(`${merchant.base}/api/orders/${orderId}`)).text);
      await completePortal(service.base, order.trackingReference, SANCTIONED);

      // Everything the customer can read while the page follows Phase 2 — the automatic verdict
      // (identification: SUSPECTED) and the manual one — not only the end state.
      const seen = [];
      const snapshot = async () => {
        const text = await page.evaluate(() => document.body.innerText);
        const html = await page.content();
        seen.push(text);
        assert.doesNotMatch(text, SCREENING, `rendered text:\n${text}`);
        assert.doesNotMatch(html, SCREENING, 'rendered HTML');
        return page.isVisible('#decision[data-final="true"]');
      };
      await waitFor(snapshot, { timeout: 20000, interval: 100, what: 'the final decision on the page' });
      await page.waitForSelector('#phase2 li[data-kind="webhook.delivered"]', { timeout: 5000 });
      await page.waitForTimeout(1500);  // the page polls once more after the final decision
      await snapshot();
      const text = seen.at(-1);
      assert.match(text, /We could not complete the verification/);
      assert.doesNotMatch(text, /\bHIGH\b|SUSPECTED|DENIED|risk level/i, 'no risk level, no sender status');
      // The page's timeline still shows Phase 2 as it happened, in neutral words.
      const kinds = await page.$$eval('#phase2 li', (lis) => lis.map((li) => li.dataset.kind));
      for (const kind of ['phase2.started', 'phase2.verdict', 'decision.stored']) assert.ok(kinds.includes(kind), kinds.join(', '));
      await context.close();

      // The JSON API behind the page and the widget's relay.
      const api = await getJson(`${merchant.base}/api/orders/${orderId}`);
      assert.doesNotMatch(api.text, SCREENING, api.text);
      const o = JSON.parse(api.text);
      assert.equal(o.decision.outcome, 'rejected');
      assert.equal(o.decision.final, true);
      assert.ok(!('riskLevel' in o.decision) && !('senderStatus' in o.decision), JSON.stringify(o.decision));
      const relay = await getJson(`${merchant.base}/api/orders/${orderId}/decision`);
      assert.doesNotMatch(relay.text, SCREENING);
      assert.deepEqual(JSON.parse(relay.text).outcome, 'rejected');
      assert.ok(!('riskLevel' in JSON.parse(relay.text)));
      // The page's own files say nothing either (a curious customer reads the source).
      for (const f of ['/', '/static/app.js']) assert.doesNotMatch((await (await fetch(merchant.base + f)).text()), SCREENING, f);
    });
  }

  test('/admin shows the reason with the right password', async () => {
    const order = await checkout('risk-assessment');
    await completePortal(service.base, order.trackingReference, SANCTIONED);
    await finalDecision(order);
    // The reasons are fetched from the service's timeline in the background.
    const row = await waitFor(async () => {
      const res = await admin(basic(ADMIN_PASSWORD));
      assert.equal(res.status, 200);
      const html = await res.text();
      const m = html.match(new RegExp(`<tr data-order="${order.orderId}">[\\s\\S]*?</tr>`));
      return m && /sanctions list match/.test(m[0]) ? { html, row: m[0], headers: res.headers } : null;
    }, { what: 'the reason on /admin' });
    assert.match(row.row, /rejected/);
    assert.match(row.row, /<td>HIGH<\/td>/);
    assert.match(row.row, /COMPLETED/);
    // The user name is not checked; the page is private and script-free under a strict CSP.
    assert.equal((await admin(basic(ADMIN_PASSWORD, 'someone-else'))).status, 200);
    const csp = row.headers.get('content-security-policy');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src/);
    assert.equal(row.headers.get('cache-control'), 'no-store');
    assert.doesNotMatch(row.html, /<script|<style|\sstyle=|\son[a-z]+=/i);
    // identification format: the callback's own suspicion reasons are kept as well
    const ident = await checkout('identification');
    await completePortal(service.base, ident.trackingReference, SANCTIONED);
    await finalDecision(ident);
    await waitFor(async () => {
      const html = await (await admin(basic(ADMIN_PASSWORD))).text();
      const m = html.match(new RegExp(`<tr data-order="${ident.orderId}">[\\s\\S]*?</tr>`));
      return m && /AML_SUSPECTION/.test(m[0]) && /sanctions match/.test(m[0]);
    }, { what: 'the identification reasons on /admin' });
  });

  test('/admin refuses a missing or wrong password (401) and logs no password', async () => {
    for (const auth of [null, basic('wrong-password-guess-1'), basic(''), 'Basic !!!', `Bearer ${ADMIN_PASSWORD}`,
      basic(`${ADMIN_PASSWORD}x`), basic(ADMIN_PASSWORD.slice(0, -1))]) {
      const res = await admin(auth);
      assert.equal(res.status, 401, String(auth));
      assert.match(res.headers.get('www-authenticate'), /^Basic realm="[^"]+"/);
      const html = await res.text();
      assert.doesNotMatch(html, /sanctions list match|data-order=/, 'nothing of the page before sign-in');
    }
    const log = merchant.log();
    assert.match(log, /\[admin\] refused: wrong password from 127\.0\.0\.1/);
    assert.ok(!log.includes('wrong-password-guess-1'), 'a typed password never reaches the log');
    assert.ok(!log.includes(ADMIN_PASSWORD.slice(0, 12)), 'nor the real one');
  });

  test('the log shows order ids and tracking references only as a prefix', async () => {
    const order = await checkout('risk-assessment');
    assert.equal((await fetch(`${merchant.base}/api/orders/${'0'.repeat(24)}`)).status, 404);
    await (await fetch(`${merchant.base}/api/orders/${order.orderId}`)).text();
    const log = merchant.log();
    assert.match(log, /GET \/api\/orders\/00000000\S* -> 404/);
    assert.ok(!log.includes('0'.repeat(24)));
    assert.ok(!log.includes(order.orderId), 'order id in full');
    assert.ok(!log.includes(order.trackingReference), 'tracking reference in full');
    assert.match(log, new RegExp(`order ${order.orderId.slice(0, 8)}`));
  });
});

describe('the back office without a password', () => {
  let data;
  let service;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir });
  });
  after(async () => {
    await service?.stop();
    data?.cleanup();
  });

  test('no admin password configured: /admin answers 503 "admin disabled", never the page', async () => {
    const merchant = await startMerchant(data.dir, service.base, { IDV_ADMIN_PASSWORD: '' });
    try {
      for (const auth of [null, basic(''), basic('anything-at-all-123')]) {
        const res = await fetch(`${merchant.base}/admin`, { headers: auth ? { Authorization: auth } : {} });
        assert.equal(res.status, 503);
        assert.match(await res.text(), /admin disabled/);
      }
      assert.match(merchant.log(), /back office disabled/);
    } finally {
      await merchant.stop();
    }
  });

  test('a short admin password is refused at start', async () => {
    const port = await freePort();
    await assert.rejects(startProcess(merchantBin, ['--port', String(port), '--data-dir', data.dir,
      '--service-base', service.base], { IDV_ADMIN_PASSWORD: 'short' }), /at least 12 characters/);
  });

  test('the page and its script are the same without a password (nothing depends on it)', () => {
    for (const f of ['index.html', 'app.js']) {
      assert.doesNotMatch(readFileSync(path.join(repoRoot, 'demo/merchant/static', f), 'utf8'), SCREENING, f);
    }
  });
});
