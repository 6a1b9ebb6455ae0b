// Chromium: the hand-off codes (issue 11, item 6). The short code and where to type it sit under
// the QR; the match code stays while the customer is on the portal, where the phone shows it too.
// Codes from the network are shown only in their exact formats; the address is the configured
// portal origin, never the response's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { launch, open, waitState, snapshot, until } from './helpers/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

test('the short code and the match code are shown with the QR; only the match code stays on the portal', async () => {
  const ref = srv.track({ shortCode: 'Z9WX4RT2', matchCode: '08' });
  const page = await open(browser, srv, { ref, poll: 100 });
  await waitState(page, 'awaitingScan');
  let view = await snapshot(page);
  assert.ok(view.qr);
  assert.equal(view.shortCode, 'Z9WX-4RT2');
  assert.equal(view.code, `No camera? On your phone, go to this address and enter the code:${srv.origin}/codeZ9WX-4RT2`);
  assert.equal(view.match, '08');
  // The values read left to right in every language, and the live region is not flooded by them.
  assert.deepEqual(await page.evaluate(() =>
    [...document.querySelector('#verify').shadowRoot.querySelectorAll('.value')].map((v) => v.getAttribute('dir'))),
    ['ltr', 'ltr', 'ltr']);
  assert.doesNotMatch(view.live, /Z9WX/);

  srv.update(ref, { status: 'IN_PROGRESS' });
  await waitState(page, 'customerActive');
  view = await snapshot(page);
  assert.equal(view.qr, null);
  assert.equal(view.shortCode, null, 'no code to type once someone is on the portal');
  assert.equal(view.match, '08', 'the number to compare with the phone stays');

  srv.update(ref, { status: 'COMPLETED', shortCode: undefined, matchCode: undefined });
  await waitState(page, 'submitted');
  view = await snapshot(page);
  assert.equal(view.match, null);
  assert.deepEqual((await page.evaluate(() => window.idvLog)).csp, []);
  await page.close();
});

test('malformed codes are not shown, and the QR and polling carry on', async () => {
  const ref = srv.track({ shortCode: '<b>PWNED</b>', matchCode: '4 7' });
  const page = await open(browser, srv, { ref, poll: 100 });
  await waitState(page, 'awaitingScan');
  const view = await snapshot(page);
  assert.ok(view.qr, 'the QR is still shown');
  assert.equal(view.shortCode, null);
  assert.equal(view.match, null);
  const before = srv.requests(ref).length;
  await until(async () => srv.requests(ref).length > before + 1, 5000, 'polling continues');
  const diagnostics = await page.evaluate(() =>
    window.idvLog.events.filter((e) => e.type === 'event' && e.detail?.kind === 'handoff_code_rejected'));
  assert.equal(diagnostics.length, 2, 'each refused code is reported once');
  await page.close();
});

test('a session without codes (an older service) shows neither line', async () => {
  const ref = srv.track({ shortCode: undefined, matchCode: undefined });
  const page = await open(browser, srv, { ref, poll: 100 });
  await waitState(page, 'awaitingScan');
  const view = await snapshot(page);
  assert.ok(view.qr);
  assert.equal(view.shortCode, null);
  assert.equal(view.match, null);
  await page.close();
});
