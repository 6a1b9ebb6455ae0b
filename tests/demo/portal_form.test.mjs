// The portal's forms (issue 11, item 7): a failed text field keeps the photos already chosen
// (and says so), a failed photo is named; nationality is a country list checked on the server
// (nothing cut to shape); an expired document is refused with a message; date hints carry no
// ISO example next to a native picker; and every waiting text names the same, neutral duration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { completePortal, invite, makePng, repoRoot, startService, tempDir } from './helpers.mjs';

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

const post = (ref, step, body, lang = 'en') =>
  fetch(`${service.base}/p/${ref}/${step}?lang=${lang}`, { method: 'POST', body, redirect: 'manual' });

async function atDocumentStep(lang = 'en') {
  const created = await invite(service.base, { referenceData: 'form', webhookUrl: 'https://shop.example/h' });
  assert.equal(created.status, 201);
  const ref = created.json.trackingReference;
  await (await fetch(`${service.base}/p/${ref}?lang=${lang}`)).text();
  assert.equal((await post(ref, 'consent', new URLSearchParams({ consent: 'yes' }), lang)).status, 303);
  assert.equal((await post(ref, 'details', new URLSearchParams(
    { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-23' }), lang)).status, 303);
  return ref;
}

function documentForm(fields = {}, files = {}) {
  const f = new FormData();
  f.set('documentType', 'ID_CARD');
  for (const [k, v] of Object.entries({ documentNumber: 'AB12345', ...fields })) f.set(k, v);
  for (const [k, bytes] of Object.entries(files)) f.set(k, new Blob([bytes], { type: 'image/png' }), `${k}.png`);
  return f;
}

const inputTag = (html, id) => html.match(new RegExp(`<input id="${id}"[^>]*>`))?.[0] ?? '';
const isoDate = (offsetDays) => new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);

test('a failed text field keeps valid photos: "received", no longer required, not asked again', async () => {
  const ref = await atDocumentStep();
  const res = await post(ref, 'document', documentForm({ documentNumber: 'AB' }, { front: makePng(), back: makePng(20, 20) }));
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /Enter 5 to 20 letters and digits/);
  assert.ok(html.includes('Photo of the front: received ✓ — choose a new photo only to replace it.'), html);
  assert.ok(html.includes('Photo of the back (identity cards and driving licences): received ✓'));
  assert.doesNotMatch(html, /Choose a photo for/);
  assert.doesNotMatch(inputTag(html, 'front'), /required/);
  assert.match(inputTag(html, 'front'), /aria-describedby="front-received front-hint"/);

  // A reload shows the same, and the corrected number alone (no file) passes the step.
  const again = await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.match(again, /Photo of the front: received ✓/);
  assert.equal((await post(ref, 'document', documentForm())).status, 303);
  const selfie = await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.match(selfie, /<h1>Take a selfie<\/h1>/);
});

test('a photo that fails is named and asked for again; a good photo beside it is kept', async () => {
  const ref = await atDocumentStep();
  const res = await post(ref, 'document', documentForm({}, { front: Buffer.from('not an image'), back: makePng() }));
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /Photo of the front: only JPEG, PNG or WebP images are accepted\./);
  assert.doesNotMatch(html, /Photo of the front: received/);
  assert.match(inputTag(html, 'front'), /required/);
  assert.match(html, /Photo of the back \(identity cards and driving licences\): received ✓/);

  // A received front replaced by a bad file: the old one no longer counts, the form says which.
  const ref2 = await atDocumentStep();
  assert.equal((await post(ref2, 'document', documentForm({ documentNumber: 'x' }, { front: makePng() }))).status, 422);
  const bad = await post(ref2, 'document', documentForm({}, { front: Buffer.from('GIF89a....') }));
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /Photo of the front: only JPEG/);
  const missing = await post(ref2, 'document', documentForm());
  assert.equal(missing.status, 422);
  assert.match(await missing.text(), /Choose a photo for: Photo of the front\./);
});

test('an unreadable document (number …999) asks for a new front photo and keeps the back', async () => {
  const ref = await atDocumentStep();
  const res = await post(ref, 'document', documentForm({ documentNumber: 'AB12999' }, { front: makePng(), back: makePng() }));
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /attempt 1 of 3/);
  assert.doesNotMatch(html, /Photo of the front: received/);
  assert.match(inputTag(html, 'front'), /required/);
  assert.match(html, /Photo of the back \(identity cards and driving licences\): received ✓/);
});

test('nationality: a localised country list, checked on the server, nothing truncated', async () => {
  const ref = await atDocumentStep();
  const page = await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.match(page, /<select id="nationality" name="nationality"/);
  assert.match(page, /<option value="" selected>Not stated<\/option>/);
  assert.match(page, /<option value="NL">Netherlands<\/option>/);
  assert.match(page, /<option value="LT">Lithuania<\/option>/);
  assert.ok((page.match(/<option value="[A-Z]{2}"/g) || []).length >= 240, 'every ISO 3166-1 country');
  assert.ok(page.indexOf('>Åland Islands<') < page.indexOf('>Albania<'), 'diacritics sort with their letter');
  const nl = await (await fetch(`${service.base}/p/${ref}?lang=nl`)).text();
  assert.match(nl, /<option value="NL">Nederland<\/option>/);
  assert.match(nl, /<option value="DE">Duitsland<\/option>/);

  for (const wrong of ['Dutch', 'DU', 'XX', 'NLD']) {
    const r = await post(ref, 'document', documentForm({ nationality: wrong }, { front: makePng() }));
    assert.equal(r.status, 422, wrong);
    const html = await r.text();
    assert.match(html, /Choose a country from the list, or leave it as not stated\./, wrong);
    assert.match(html, /aria-describedby="nationality-hint nationality-error" aria-invalid="true"/);
  }
  // Too long is an error too, never cut: a 21-character document number is refused.
  const long = await post(ref, 'document', documentForm({ documentNumber: 'AB' + '1'.repeat(19) }));
  assert.equal(long.status, 422);
  assert.match(await long.text(), /Enter 5 to 20 letters and digits, without spaces\./);
  // The photo of the refused tries is kept; a listed code (any case) passes.
  assert.equal((await post(ref, 'document', documentForm({ nationality: 'nl' }))).status, 303);
});

test('document expiry: a past date is refused with a message, today and later pass', async () => {
  const ref = await atDocumentStep();
  const expired = await post(ref, 'document', documentForm({ documentExpiry: isoDate(-1) }, { front: makePng() }));
  assert.equal(expired.status, 422);
  const html = await expired.text();
  assert.match(html, /This document has expired\. Use a document that is still valid\./);
  assert.match(html, /Photo of the front: received ✓/);
  const impossible = await post(ref, 'document', documentForm({ documentExpiry: '2031-02-30' }));
  assert.equal(impossible.status, 422);
  assert.match(await impossible.text(), /Enter a real date, or leave it empty\./);
  assert.equal((await post(ref, 'document', documentForm({ documentExpiry: isoDate(0) }))).status, 303);
});

test('details: no ISO example beside the date picker, no silent maxlength, limits in characters', async () => {
  const created = await invite(service.base, { referenceData: 'form', webhookUrl: 'https://shop.example/h' });
  const ref = created.json.trackingReference;
  await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.equal((await post(ref, 'consent', new URLSearchParams({ consent: 'yes' }))).status, 303);
  const html = await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.match(html, /<p class="hint" id="dateOfBirth-hint">As on your identity document\.<\/p>/);
  assert.doesNotMatch(html, /\d{4}-\d{2}-\d{2}/);
  assert.doesNotMatch(html, /maxlength/);

  const details = (fields) => post(ref, 'details', new URLSearchParams(
    { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-23', ...fields }));
  const long = await details({ firstName: 'A'.repeat(101) });
  assert.equal(long.status, 422);
  assert.match(await long.text(), /Use at most 100 characters\./);
  const future = await details({ dateOfBirth: isoDate(2) });
  assert.equal(future.status, 422);
  const futureHtml = await future.text();
  assert.match(futureHtml, /Enter a real date in the past\./);
  assert.doesNotMatch(futureHtml, /\d{4}-\d{2}-\d{2}\./, 'no ISO example in the error');
  assert.equal((await details({ dateOfBirth: '1990-02-30' })).status, 422);
  assert.equal((await details({ firstName: 'é'.repeat(100) })).status, 303, '100 characters of 2 bytes each');

  const docPage = await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.match(docPage, /<p class="hint" id="documentExpiry-hint">Optional\. As printed on your document\.<\/p>/);
  assert.doesNotMatch(docPage, /maxlength/);
});

test('one neutral duration wherever the customer waits: portal, widget, shop', async () => {
  const phrase = 'usually takes a few minutes';
  const created = await invite(service.base, { referenceData: 'form', webhookUrl: 'https://shop.example/h' });
  const ref = created.json.trackingReference;
  await completePortal(service.base, ref);
  const done = await (await fetch(`${service.base}/p/${ref}?lang=en`)).text();
  assert.ok(done.includes(phrase), done);

  const widget = readFileSync(`${repoRoot}/web/messages/en.js`, 'utf8');
  for (const key of ['status.submitted', 'detail.checking']) {
    const text = widget.match(new RegExp(`'${key.replace('.', '\\.')}': '([^']*)'`))[1];
    assert.ok(text.includes(phrase), `${key}: ${text}`);
  }
  const shop = readFileSync(`${repoRoot}/demo/merchant/static/index.html`, 'utf8');
  const checking = shop.match(/<section[^>]*id="checking"[\s\S]*?<\/section>/)[0].replace(/\s+/g, ' ');
  assert.ok(checking.includes(phrase), checking);
  for (const text of [done, widget, checking]) {
    assert.doesNotMatch(text, /1–3 minutes|one to three minutes|15 seconds|in a moment/);
  }
});
