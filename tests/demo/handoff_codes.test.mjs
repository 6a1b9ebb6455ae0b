// The hand-off codes (issue 11, item 6) against the real service: the short code and match
// code in the invite answer and the tracking endpoint while a session is open, POST /code
// leading to the portal (and nowhere once the session is over), the attempt limits per client
// address and in total, the merchant's name and the match code on the portal's first page.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { API_KEY, completePortal, invite, startService, tempDir, waitFor } from './helpers.mjs';

const SHORT_CODE = /^[0-9A-HJKMNP-TV-Z]{8}$/;  // Crockford base32: no I, L, O, U
const MATCH_CODE = /^\d\d$/;
const MERCHANT = 'Northwind Cycles & Sons';
const good = { referenceData: 'order-handoff', webhookUrl: 'https://shop.example/hooks' };

// POST /code from a chosen loopback address (the service limits wrong codes per client
// address, so each test that guesses wrong uses its own).
function postCode(base, code, { from = '127.0.0.1', query = '', headers = {} } = {}) {
  const url = new URL(`/code${query}`, base);
  const body = new URLSearchParams({ code }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', localAddress: from,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A well-formed code that is not `code` (the last character changed).
const otherCode = (code) => code.slice(0, 7) + (code[7] === 'Z' ? 'Y' : 'Z');
// How a customer might type it: lower case, in two groups.
const typed = (code) => `${code.slice(0, 4).toLowerCase()}-${code.slice(4).toLowerCase()}`;

async function newSession(base) {
  const created = await invite(base, good);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json;
}

const track = async (base, ref) => {
  const res = await fetch(`${base}/v1/tracking/${ref}`);
  return { status: res.status, etag: res.headers.get('etag'), json: await res.json() };
};

describe('hand-off codes', () => {
  let data;
  let service;
  before(async () => {
    data = tempDir();
    service = await startService({
      dataDir: data.dir,
      args: ['--merchant-name', MERCHANT, '--test-hooks', '1',
        '--code-attempts-per-client', '3', '--code-attempts-window-s', '120'],
    });
  });
  after(async () => {
    await service?.stop();
    data?.cleanup();
  });

  test('invite and tracking carry the same short code and match code while the session is open', async () => {
    const created = await newSession(service.base);
    assert.match(created.shortCode, SHORT_CODE);
    assert.match(created.matchCode, MATCH_CODE);
    const t1 = await track(service.base, created.trackingReference);
    assert.equal(t1.status, 200);
    assert.equal(t1.json.status, 'PENDING');
    assert.equal(t1.json.shortCode, created.shortCode);
    assert.equal(t1.json.matchCode, created.matchCode);
    // The ETag still names the answer: a revalidation is a 304.
    const again = await fetch(`${service.base}/v1/tracking/${created.trackingReference}`, { headers: { 'If-None-Match': t1.etag } });
    assert.equal(again.status, 304);

    await (await fetch(`${service.base}/p/${created.trackingReference}`)).text();  // IN_PROGRESS
    const t2 = await track(service.base, created.trackingReference);
    assert.equal(t2.json.status, 'IN_PROGRESS');
    assert.equal(t2.json.shortCode, created.shortCode, 'opening the portal keeps the codes');
    assert.equal(t2.json.matchCode, created.matchCode);

    const other = await newSession(service.base);
    assert.notEqual(other.shortCode, created.shortCode);
  });

  test('the code as a customer types it (lower case, hyphen) leads to the portal with 303', async () => {
    const s = await newSession(service.base);
    const res = await postCode(service.base, typed(s.shortCode));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/p/${s.trackingReference}`);
    const spaced = await postCode(service.base, `  ${s.shortCode.split('').join(' ')} `, { query: '?lang=de' });
    assert.equal(spaced.status, 303);
    assert.equal(spaced.headers.location, `/p/${s.trackingReference}?lang=de`, '?lang= is kept');
    // The portal behind it opens.
    const page = await fetch(new URL(res.headers.location, service.base));
    assert.equal(page.status, 200);
    await page.text();
  });

  test('the first page names the shop and shows the match code; no page shows the short code', async () => {
    const s = await newSession(service.base);
    const consent = await (await fetch(`${service.base}/p/${s.trackingReference}?lang=en`)).text();
    assert.ok(consent.includes('You are verifying your identity for <strong class="merchant-name">Northwind Cycles &amp; Sons</strong>.'), consent);
    assert.ok(consent.includes(`Check that the checkout page shows the code <strong class="match-code">${s.matchCode}</strong>.`));
    assert.match(consent, /stop here and close this page/);
    assert.ok(!consent.includes(s.shortCode), 'never the short code');
    // A refused consent re-renders the first page: still there.
    const refused = await fetch(`${service.base}/p/${s.trackingReference}/consent?lang=en`, { method: 'POST', body: new URLSearchParams({}) });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /class="match-code"/);
    // Past the first page, neither code.
    const next = await fetch(`${service.base}/p/${s.trackingReference}/consent?lang=en`, {
      method: 'POST', body: new URLSearchParams({ consent: 'yes' }), redirect: 'manual' });
    assert.equal(next.status, 303);
    const details = await (await fetch(`${service.base}/p/${s.trackingReference}?lang=en`)).text();
    assert.match(details, /<h1>Your details<\/h1>/);
    assert.doesNotMatch(details, /match-code|verifying your identity for/);
    assert.ok(!details.includes(s.shortCode));
    // In another language the sentence is translated, the name and code are the same.
    const nl = await (await fetch(`${service.base}/p/${s.trackingReference}?lang=nl`)).text();
    assert.doesNotMatch(nl, /match-code/, 'first page only');
  });

  test('a wrong code is 404 with the generic error; a malformed one 400, re-shown in the form', async () => {
    const s = await newSession(service.base);
    const wrong = await postCode(service.base, otherCode(s.shortCode), { from: '127.0.0.2' });
    assert.equal(wrong.status, 404);
    assert.match(wrong.body, /No open verification has that code/);
    assert.match(wrong.body, /aria-invalid="true"/);
    assert.match(wrong.headers['content-security-policy'], /script-src 'none'/);
    for (const bad of ['K7QM3XP', 'K7QM3XPU', 'K7QM-3XPA-9', '', 'hello world']) {
      const res = await postCode(service.base, bad, { from: '127.0.0.2' });
      assert.equal(res.status, 400, bad);
      assert.match(res.body, /A code has 8 letters and digits/, bad);
    }
    const shown = await postCode(service.base, '<b>x</b>', { from: '127.0.0.2' });
    assert.match(shown.body, /value="&lt;b&gt;x&lt;\/b&gt;"/, 'what was typed comes back escaped');
    // Malformed codes are not counted as guesses: the right one still works from there.
    const right = await postCode(service.base, s.shortCode, { from: '127.0.0.2' });
    assert.equal(right.status, 303);
  });

  test('too many wrong codes from one address: 429 with Retry-After, even for the right code', async () => {
    const s = await newSession(service.base);
    const from = '127.0.0.3';
    for (let i = 0; i < 3; i++) {
      assert.equal((await postCode(service.base, otherCode(s.shortCode), { from })).status, 404, `failure ${i + 1}`);
    }
    const locked = await postCode(service.base, s.shortCode, { from });
    assert.equal(locked.status, 429);
    const retry = Number(locked.headers['retry-after']);
    assert.ok(retry > 100 && retry <= 120, `Retry-After ${locked.headers['retry-after']}`);
    assert.match(locked.body, /Too many wrong codes were tried\. Wait 2 min, then try again\./);
    assert.match(locked.body, /role="alert"/);
    // Other addresses are not affected.
    const elsewhere = await postCode(service.base, s.shortCode, { from: '127.0.0.4' });
    assert.equal(elsewhere.status, 303);
  });

  test('a code dies with its session: completed, failed and deleted sessions', async () => {
    const done = await newSession(service.base);
    await completePortal(service.base, done.trackingReference);
    const failed = await newSession(service.base);
    const hook = await fetch(`${service.base}/v1/test/sessions/${failed.trackingReference}/fail?reason=terminated`, {
      method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` } });
    assert.equal(hook.status, 200);
    const deleted = await newSession(service.base);
    const del = await fetch(`${service.base}/v1/user/${deleted.trackingReference}`, {
      method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` } });
    assert.equal(del.status, 204);

    for (const [what, s, status] of [['completed', done, 'COMPLETED'], ['failed', failed, 'FAILED']]) {
      const t = await track(service.base, s.trackingReference);
      assert.equal(t.json.status, status, what);
      assert.ok(!('shortCode' in t.json) && !('matchCode' in t.json), `${what}: ${JSON.stringify(t.json)}`);
    }
    assert.equal((await track(service.base, deleted.trackingReference)).status, 410);
    for (const [what, s] of [['completed', done], ['failed', failed], ['deleted', deleted]]) {
      const res = await postCode(service.base, s.shortCode, { from: '127.0.0.5' });
      assert.equal(res.status, 404, what);
      assert.match(res.body, /No open verification has that code/, what);
    }
  });

  test('a purged session\'s short code is in no file under the data folder', async () => {
    const files = (dir) => readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
    const holding = (code) => files(data.dir).filter((f) => readFileSync(f).includes(Buffer.from(code)));
    const s = await newSession(service.base);
    assert.notDeepEqual(holding(s.shortCode), [], 'stored before (the search can find it)');
    const del = await fetch(`${service.base}/v1/user/${s.trackingReference}`, {
      method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` } });
    assert.equal(del.status, 204);
    assert.deepEqual(holding(s.shortCode), []);
  });

  test('GET /code: the portal\'s CSP, no script, a labelled input made for codes, 22 languages', async () => {
    const res = await fetch(`${service.base}/code`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
    assert.match(res.headers.get('content-security-policy'), /script-src 'none'/);
    assert.match(res.headers.get('content-security-policy'), /form-action 'self'/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<label for="code">Code<\/label>/);
    const input = html.match(/<input id="code"[^>]*>/)?.[0] ?? '';
    for (const attr of ['name="code"', 'type="text"', 'inputmode="text"', 'autocomplete="off"',
      'autocapitalize="characters"', 'spellcheck="false"', 'aria-describedby="code-hint"']) {
      assert.ok(input.includes(attr), `${attr} in ${input}`);
    }
    const max = Number(input.match(/maxlength="(\d+)"/)?.[1]);
    assert.ok(max >= 11, 'room for hyphens and spaces');
    assert.match(html, /<form method="post" action="\/code" novalidate>/);
    assert.match(html, /<button type="submit" class="primary">Continue<\/button>/);
    assert.equal((html.match(/<a href="\/code\?lang=/g) ?? []).length, 22);

    const ar = await (await fetch(`${service.base}/code?lang=ar`)).text();
    assert.match(ar, /<html lang="ar" dir="rtl">/);
    assert.match(ar, /action="\/code\?lang=ar"/);
    const de = await (await fetch(`${service.base}/code`, { headers: { 'Accept-Language': 'de-CH, de;q=0.9' } })).text();
    assert.match(de, /<h1>Code eingeben<\/h1>/);
  });

  test('a form sent from another origin is refused', async () => {
    const s = await newSession(service.base);
    const res = await postCode(service.base, s.shortCode, { headers: { Origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
  });
});

test('an expired session\'s code gives 404 and tracking drops the fields', async () => {
  const data = tempDir();
  const service = await startService({ dataDir: data.dir, args: ['--session-ttl-s', '1'] });
  try {
    const s = await newSession(service.base);
    assert.match((await track(service.base, s.trackingReference)).json.shortCode, SHORT_CODE);
    const t = await waitFor(async () => {
      const r = await track(service.base, s.trackingReference);
      return r.json.status === 'EXPIRED' && r;
    }, { what: 'EXPIRED' });
    assert.ok(!('shortCode' in t.json) && !('matchCode' in t.json), JSON.stringify(t.json));
    const res = await postCode(service.base, s.shortCode);
    assert.equal(res.status, 404);
    assert.match(res.body, /No open verification has that code/);
  } finally {
    await service.stop();
    data.cleanup();
  }
});

test('a ceiling on wrong codes across all addresses slows a distributed guesser', async () => {
  const data = tempDir();
  const service = await startService({ dataDir: data.dir, args: ['--code-attempts-global-per-min', '3'] });
  try {
    const s = await newSession(service.base);
    for (const from of ['127.0.1.1', '127.0.1.2', '127.0.1.3']) {
      assert.equal((await postCode(service.base, otherCode(s.shortCode), { from })).status, 404, from);
    }
    const res = await postCode(service.base, s.shortCode, { from: '127.0.1.4' });
    assert.equal(res.status, 429, 'a fresh address, even with the right code');
    const retry = Number(res.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${res.headers['retry-after']}`);
    assert.match(res.body, /Wait 1 min, then try again/);
  } finally {
    await service.stop();
    data.cleanup();
  }
});
