// Seed 003's rule, seen by the customer: with identification callbacks, the shop must answer
// the automatic callback with 200 — otherwise the portal (if still open) shows the failed-
// identification page and links to the invite's errorUrl. Until the shop has answered, the
// done page says so and reloads itself (a meta refresh: the portal has no scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completePortal, invite, startReceiver, startService, tempDir, waitFor } from './helpers.mjs';

const SUCCESS = 'https://shop.example/verified?order=1';
const ERROR = 'https://shop.example/not-verified?order=1';

async function portalHtml(base, ref) {
  const res = await fetch(`${base}/p/${ref}?lang=en`);
  assert.equal(res.status, 200);
  return res.text();
}

async function scenario(answer) {
  const data = tempDir();
  const receiver = await startReceiver(() => ({ status: answer }));
  // Phase 2 starts 1.5 s after data entry, so the waiting page can be seen first.
  const service = await startService({
    dataDir: data.dir,
    args: ['--phase2-delay-min-ms', '1500', '--phase2-delay-max-ms', '1500', '--retry-base-ms', '60000'],
  });
  const created = await invite(service.base, {
    referenceData: 'order-1', webhookUrl: receiver.url, webhookFormat: 'identification',
    successUrl: SUCCESS, errorUrl: ERROR,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const ref = created.json.trackingReference;
  await completePortal(service.base, ref);
  return { data, receiver, service, ref };
}

test('identification format: the shop answers 500 → the customer sees the failed page with errorUrl', async () => {
  const { data, receiver, service, ref } = await scenario(500);
  try {
    const waiting = await portalHtml(service.base, ref);
    assert.match(waiting, /<meta http-equiv="refresh" content="3">/);
    assert.match(waiting, /confirming your identification/);
    assert.doesNotMatch(waiting, /not-verified/);

    await waitFor(() => receiver.requests.length >= 1, { what: 'the automatic callback' });
    // The attempt's outcome is recorded once the 500 is read: wait for the page to change.
    const failed = await waitFor(async () => {
      const html = await portalHtml(service.base, ref);
      return html.includes('http-equiv="refresh"') ? null : html;
    }, { what: 'the page after the callback' });
    assert.match(failed, /<h1>Your identification could not be completed<\/h1>/);
    assert.ok(failed.includes(`href="${ERROR.replace('&', '&amp;')}"`), 'links to errorUrl');
    assert.doesNotMatch(failed, /http-equiv="refresh"/);
  } finally {
    await service.stop(); await receiver.close(); data.cleanup();
  }
});

test('identification format: the shop answers 200 → the done page links to successUrl', async () => {
  const { data, receiver, service, ref } = await scenario(200);
  try {
    await waitFor(() => receiver.requests.length >= 1, { what: 'the automatic callback' });
    const done = await waitFor(async () => {
      const html = await portalHtml(service.base, ref);
      return html.includes('http-equiv="refresh"') ? null : html;
    }, { what: 'the page after the callback' });
    assert.match(done, /<h1>Thank you, you are done here<\/h1>/);
    assert.ok(done.includes(`href="${SUCCESS}"`), 'links to successUrl');
    assert.doesNotMatch(done, /could not be completed|http-equiv="refresh"/);
  } finally {
    await service.stop(); await receiver.close(); data.cleanup();
  }
});
