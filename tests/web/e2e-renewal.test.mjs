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
