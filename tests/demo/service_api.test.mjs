// The reference service's HTTP contracts: invite validation (nothing stored on bad input) and
// the tracking endpoint of DESIGN.md contract 1.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API_KEY, completePortal, health, invite, makePng, startService, tempDir, waitFor } from './helpers.mjs';

const good = { referenceData: 'order-1042', webhookUrl: 'http://127.0.0.1:9/hook' };

describe('invite API rejects bad input with a clear JSON 4xx and stores nothing', () => {
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

  const cases = [
    ['missing API key', good, { apiKey: null }, 401, 'missing_api_key'],
    ['wrong API key', good, { apiKey: 'not-the-key-0123456789' }, 401, 'invalid_api_key'],
    ['empty bearer', good, { apiKey: '' }, 401, 'missing_api_key'],
    ['invalid JSON', '{"referenceData": "x",', {}, 400, 'invalid_json'],
    ['JSON array', '[1,2]', {}, 400, 'invalid_body'],
    ['wrong content type', JSON.stringify(good), { contentType: 'text/plain' }, 415, 'unsupported_media_type'],
    ['body too large', JSON.stringify({ ...good, metadata: { pad: 'x'.repeat(20000) } }), {}, 413, 'payload_too_large'],
    ['missing referenceData', { webhookUrl: good.webhookUrl }, {}, 422, 'missing_field', 'referenceData'],
    ['referenceData not a string', { ...good, referenceData: 5 }, {}, 422, 'invalid_type', 'referenceData'],
    ['oversized referenceData', { ...good, referenceData: 'x'.repeat(129) }, {}, 422, 'field_too_long', 'referenceData'],
    ['control characters', { ...good, referenceData: 'a\u0000b' }, {}, 422, 'invalid_field', 'referenceData'],
    ['missing webhookUrl', { referenceData: 'x' }, {}, 422, 'missing_field', 'webhookUrl'],
    ['relative webhookUrl', { ...good, webhookUrl: '/hook' }, {}, 422, 'invalid_url', 'webhookUrl'],
    ['javascript: URL', { ...good, webhookUrl: 'javascript:alert(1)' }, {}, 422, 'invalid_url', 'webhookUrl'],
    ['credentials in URL', { ...good, webhookUrl: 'https://user:pw@example.com/h' }, {}, 422, 'invalid_url', 'webhookUrl'],
    ['plain http to a public host', { ...good, webhookUrl: 'http://example.com/h' }, {}, 422, 'insecure_url', 'webhookUrl'],
    ['oversized URL', { ...good, webhookUrl: `https://example.com/${'a'.repeat(2100)}` }, {}, 422, 'field_too_long', 'webhookUrl'],
    ['bad returnUrl', { ...good, returnUrl: 'ftp://example.com/' }, {}, 422, 'invalid_url', 'returnUrl'],
    ['unsupported locale', { ...good, locale: 'tlh' }, {}, 422, 'unsupported_locale', 'locale'],
    ['metadata not an object', { ...good, metadata: [1] }, {}, 422, 'invalid_type', 'metadata'],
    ['oversized metadata', { ...good, metadata: { pad: 'x'.repeat(5000) } }, {}, 422, 'field_too_long', 'metadata'],
    ['unknown field', { ...good, webhookURL: 'https://example.com' }, {}, 422, 'unknown_field', 'webhookURL'],
  ];
  for (const [name, body, opts, status, code, field] of cases) {
    test(name, async () => {
      const r = await invite(service.base, body, opts);
      assert.equal(r.status, status, JSON.stringify(r.json));
      assert.equal(r.json.error, code);
      assert.equal(typeof r.json.message, 'string');
      assert.ok(r.json.message.length > 10, 'a sentence a developer can act on');
      if (field) assert.equal(r.json.field, field);
      assert.ok(!JSON.stringify(r.json).includes(API_KEY), 'never echoes the key');
    });
  }

  test('nothing was stored by any of the bad requests', async () => {
    const h = await health(service.base);
    assert.equal(h.sessions, 0);
    assert.deepEqual(readdirSync(path.join(data.dir, 'uploads')), []);
  });

  test('a good request creates a UUID v4 reference with portal URL and expiry', async () => {
    const r = await invite(service.base, { ...good, returnUrl: 'https://shop.example/done', locale: 'lt', metadata: { a: 1 } });
    assert.equal(r.status, 201);
    assert.match(r.json.trackingReference, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(r.json.portalUrl, `${service.base}/p/${r.json.trackingReference}`);
    assert.match(r.json.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal((await health(service.base)).sessions, 1);
  });
});

describe('tracking endpoint (contract 1)', () => {
  let data;
  let service;
  before(async () => {
    data = tempDir();
    service = await startService({
      dataDir: data.dir,
      args: ['--http-threads', '12', '--max-long-polls', '2', '--session-ttl-s', '2'],
    });
  });
  after(async () => {
    await service?.stop();
    data?.cleanup();
  });

  const newRef = async () => (await invite(service.base, good)).json.trackingReference;
  const track = (ref, query = '', headers = {}) => fetch(`${service.base}/v1/tracking/${ref}${query}`, { headers });

  test('200 JSON with CORS, ETag and the long-poll hint; 304 on If-None-Match', async () => {
    const ref = await newRef();
    const res = await track(ref, '', { Origin: 'http://127.0.0.1:8081' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-expose-headers'), /ETag/);
    assert.match(res.headers.get('access-control-expose-headers'), /Retry-After/);
    const body = await res.json();
    assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'longPollMaxWaitSeconds', 'matchCode', 'portalUrl',
      'shortCode', 'status', 'trackingReference', 'updatedAt', 'version']);
    assert.equal(body.status, 'PENDING');
    assert.equal(body.longPollMaxWaitSeconds, 30);
    assert.equal(body.portalUrl, `${service.base}/p/${ref}`);
    assert.match(body.updatedAt, /Z$/);
    const etag = res.headers.get('etag');
    assert.match(etag, /^"v\d+"$/);
    const again = await track(ref, '', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
  });

  test('OPTIONS preflight allows If-None-Match', async () => {
    const ref = await newRef();
    const res = await fetch(`${service.base}/v1/tracking/${ref}`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:8081', 'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers'), /If-None-Match/i);
  });

  test('version grows with each change: PENDING -> IN_PROGRESS -> COMPLETED', async () => {
    const ref = await newRef();
    const v1 = (await (await track(ref)).json()).version;
    await (await fetch(`${service.base}/p/${ref}`)).text();
    const s2 = await (await track(ref)).json();
    assert.equal(s2.status, 'IN_PROGRESS');
    assert.ok(s2.version > v1);
    await completePortal(service.base, ref);
    const s3 = await (await track(ref)).json();
    assert.equal(s3.status, 'COMPLETED');
    assert.ok(s3.version > s2.version);
  });

  test('long-poll holds until the version passes sinceVersion', async () => {
    const ref = await newRef();
    const { version } = await (await track(ref)).json();
    const started = Date.now();
    const held = track(ref, `?waitSeconds=10&sinceVersion=${version}`);
    await new Promise((r) => setTimeout(r, 300));
    await (await fetch(`${service.base}/p/${ref}`)).text();  // opening the portal bumps the version
    const res = await held;
    const body = await res.json();
    const waited = Date.now() - started;
    assert.equal(body.status, 'IN_PROGRESS');
    assert.ok(waited >= 250 && waited < 3000, `answered after ${waited} ms`);
  });

  test('long-poll returns the unchanged state after waitSeconds', async () => {
    const ref = await newRef();
    const { version } = await (await track(ref)).json();
    const started = Date.now();
    const res = await track(ref, `?waitSeconds=1&sinceVersion=${version}`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).version, version);
    assert.ok(Date.now() - started >= 900);
  });

  test('beyond the long-poll cap: 429 with Retry-After instead of a held thread', async () => {
    const ref = await newRef();
    const { version } = await (await track(ref)).json();
    const held = [1, 2].map(() => track(ref, `?waitSeconds=2&sinceVersion=${version}`));
    await new Promise((r) => setTimeout(r, 200));
    const third = await track(ref, `?waitSeconds=2&sinceVersion=${version}`);
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('retry-after'), '1');
    assert.equal((await third.json()).error, 'too_many_long_polls');
    // Ordinary requests still get through while the cap is reached.
    assert.equal((await track(ref)).status, 200);
    await Promise.all(held);
  });

  test('bad long-poll parameters are a 400', async () => {
    const ref = await newRef();
    const res = await track(ref, '?waitSeconds=abc&sinceVersion=1');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'invalid_parameter');
  });

  test('404 for unknown or malformed references, 410 after deletion', async () => {
    assert.equal((await track('00000000-0000-4000-8000-000000000000')).status, 404);
    const notUuid = await track('not-a-reference');
    assert.equal(notUuid.status, 404);
    assert.equal(notUuid.headers.get('access-control-allow-origin'), '*');
    const ref = await newRef();
    const del = await fetch(`${service.base}/v1/user/${ref}`, { method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` } });
    assert.equal(del.status, 204);
    const gone = await track(ref);
    assert.equal(gone.status, 410);
    assert.equal((await gone.json()).error, 'gone');
  });

  test('references expire after the TTL', async () => {
    const ref = await newRef();
    await waitFor(async () => (await (await track(ref)).json()).status === 'EXPIRED', { timeout: 6000, what: 'EXPIRED' });
    assert.equal((await fetch(`${service.base}/p/${ref}`)).status, 410);
  });
});

describe('tracking endpoint rate limit', () => {
  test('429 with Retry-After when a client polls too fast', async () => {
    const data = tempDir();
    const service = await startService({ dataDir: data.dir, args: ['--rate-limit-rps', '1', '--rate-limit-burst', '3'] });
    try {
      const ref = (await invite(service.base, good)).json.trackingReference;
      const statuses = [];
      let retryAfter = null;
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${service.base}/v1/tracking/${ref}`);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
      }
      assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
      assert.equal(statuses.at(-1), 429);
      assert.ok(Number(retryAfter) >= 1);
    } finally {
      await service.stop();
      data.cleanup();
    }
  });
});

describe('portal', () => {
  let data;
  let service;
  before(async () => {
    data = tempDir();
    service = await startService({ dataDir: data.dir, args: ['--max-upload-bytes', '4096'] });
  });
  after(async () => {
    await service?.stop();
    data?.cleanup();
  });

  async function atDocumentStep() {
    const ref = (await invite(service.base, { ...good, locale: 'lt' })).json.trackingReference;
    await (await fetch(`${service.base}/p/${ref}`)).text();
    const post = (step, body) => fetch(`${service.base}/p/${ref}/${step}`, { method: 'POST', body, redirect: 'manual' });
    assert.equal((await post('consent', new URLSearchParams({ consent: 'yes' }))).status, 303);
    assert.equal((await post('details', new URLSearchParams({ firstName: 'Ada', lastName: 'L', dateOfBirth: '1990-01-02' }))).status, 303);
    return { ref, post };
  }

  test('is localised from the invite, overridable with ?lang=, with security headers', async () => {
    const ref = (await invite(service.base, { ...good, locale: 'lt' })).json.trackingReference;
    const lt = await fetch(`${service.base}/p/${ref}`);
    const html = await lt.text();
    assert.match(html, /<html lang="lt">/);
    assert.match(html, /Patvirtinkite savo tapatybę/);
    assert.match(lt.headers.get('content-security-policy'), /script-src 'none'/);
    assert.equal(lt.headers.get('referrer-policy'), 'same-origin');
    const nl = await (await fetch(`${service.base}/p/${ref}?lang=nl`)).text();
    assert.match(nl, /<html lang="nl">/);
    assert.match(nl, /action="\/p\/[0-9a-f-]+\/consent\?lang=nl"/);
    const en = await (await fetch(`${service.base}/p/${ref}?lang=xx`, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })).text();
    assert.match(en, /<html lang="lt">/, 'an unsupported ?lang falls back to the invite locale');
  });

  test('validation errors re-render the step with a summary and aria-invalid', async () => {
    const ref = (await invite(service.base, good)).json.trackingReference;
    await (await fetch(`${service.base}/p/${ref}`)).text();
    const res = await fetch(`${service.base}/p/${ref}/consent`, { method: 'POST', body: new URLSearchParams({}), redirect: 'manual' });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /role="alert"/);
    assert.match(html, /aria-invalid="true"/);
  });

  test('uploads are limited by type (magic bytes) and size; nothing stored on refusal', async () => {
    const { ref, post } = await atDocumentStep();
    const form = (file, name = 'front.png') => {
      const f = new FormData();
      f.set('documentType', 'PASSPORT');
      f.set('documentNumber', 'AB12345');
      f.set('front', new Blob([file], { type: 'image/png' }), name);
      return f;
    };
    const gif = await post('document', form(Buffer.from('GIF89a....')));
    assert.equal(gif.status, 422);
    assert.match(await gif.text(), /JPEG, PNG arba WebP/);
    const big = await post('document', form(Buffer.concat([makePng(), Buffer.alloc(5000)])));
    assert.equal(big.status, 422);
    assert.match(await big.text(), /didesnis nei/);
    assert.ok(!existsSync(path.join(data.dir, 'uploads', ref)), 'nothing written');
    const ok = await post('document', form(makePng()));
    assert.equal(ok.status, 303);
    assert.deepEqual(readdirSync(path.join(data.dir, 'uploads', ref)), ['front.png']);
  });

  test('form posts from another origin are refused', async () => {
    const ref = (await invite(service.base, good)).json.trackingReference;
    await (await fetch(`${service.base}/p/${ref}`)).text();
    const res = await fetch(`${service.base}/p/${ref}/consent`, {
      method: 'POST', body: new URLSearchParams({ consent: 'yes' }), redirect: 'manual', headers: { Origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
  });
});
