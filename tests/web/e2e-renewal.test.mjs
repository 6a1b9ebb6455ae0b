// Chromium: a session that expires before the customer finished is renewed through the page's
// renewReference() — same widget, new QR, no onExpired — and onExpired says why when it fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { launch, open, waitState, snapshot, events, until } from './helpers/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

test('an expired session is renewed: a new QR for the new reference, no onExpired', async () => {
  const dead = srv.track({ status: 'EXPIRED' });
  const fresh = srv.track({ status: 'PENDING' });
  const page = await open(browser, srv, { ref: dead, renew: fresh, poll: 100 });
  await waitState(page, 'awaitingScan');
  const view = await snapshot(page);
  assert.ok(view.qr, 'a QR is shown');
  assert.equal(view.verifyHref, `${srv.origin}/p/${fresh}`, 'for the new reference');
  const renewals = await events(page, 'renew');
  assert.deepEqual(renewals.map((e) => e.detail.reason), ['status']);
  assert.deepEqual(await events(page, 'expired'), [], 'onExpired is not fired');
  await until(async () => srv.requests(fresh).length >= 2, 5000, 'the new reference is polled');
  const deadPolls = srv.requests(dead).length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(srv.requests(dead).length, deadPolls, 'the old reference is not polled any more');
  srv.update(fresh, { status: 'COMPLETED' });
  await waitState(page, 'submitted');
  const success = await events(page, 'success');
  assert.equal(success.length, 1);
  assert.equal(success[0].detail.trackingReference, fresh);
  assert.deepEqual((await page.evaluate(() => window.idvLog)).csp, []);
  await page.close();
});

test('a failed renewal fires onExpired once, with the reason', async () => {
  const dead = srv.track({ status: 'EXPIRED' });
  const page = await open(browser, srv, { ref: dead, renew: 'fail', poll: 100 });
  await waitState(page, 'expired');
  const expired = await events(page, 'expired');
  assert.equal(expired.length, 1);
  assert.equal(expired[0].detail.reason, 'status');
  assert.match(expired[0].detail.renewalFailure, /could not create a new invite/);
  assert.equal((await events(page, 'renew')).length, 1);
  await page.close();
});

test('without renewReference an expiry is reported at once', async () => {
  const dead = srv.track({ status: 'EXPIRED' });
  const page = await open(browser, srv, { ref: dead, poll: 100 });
  await waitState(page, 'expired');
  assert.equal((await events(page, 'expired')).length, 1);
  assert.equal((await events(page, 'expired'))[0].detail.renewalFailure, undefined);
  await page.close();
});

test('"Not you? Start again": the QR collapses once the portal is open, and a new session replaces it', async () => {
  const taken = srv.track({ status: 'PENDING' });
  const fresh = srv.track({ status: 'PENDING' });
  const page = await open(browser, srv, { ref: taken, renew: fresh, poll: 100 });
  await waitState(page, 'awaitingScan');
  srv.update(taken, { status: 'IN_PROGRESS' });
  await waitState(page, 'customerActive');
  const collapsed = await snapshot(page);
  assert.equal(collapsed.qr, null, 'no scannable QR once someone is on the portal');
  assert.equal(collapsed.verifyHref, null);
  const restart = page.locator('#verify >> button.restart');
  await restart.waitFor({ state: 'visible' });
  assert.match(await restart.textContent(), /Not you\? Start again/);
  await restart.click();
  await waitState(page, 'awaitingScan');
  const again = await snapshot(page);
  assert.ok(again.qr);
  assert.equal(again.verifyHref, `${srv.origin}/p/${fresh}`);
  assert.deepEqual((await events(page, 'renew')).map((e) => e.detail.reason), ['restart']);
  const takenPolls = srv.requests(taken).length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(srv.requests(taken).length, takenPolls, 'the taken session is not followed any more');
  assert.deepEqual(await events(page, 'expired'), []);
  await page.close();
});

test('without renewReference there is no "Start again"', async () => {
  const ref = srv.track({ status: 'IN_PROGRESS' });
  const page = await open(browser, srv, { ref, poll: 100 });
  await waitState(page, 'customerActive');
  assert.equal(await page.locator('#verify >> button.restart').isVisible(), false);
  await page.close();
});
