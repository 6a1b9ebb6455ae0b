// The portal's upload limit at its edges: one byte under and exactly at the limit pass, one
// byte over is refused with the limit in words the customer can read ("512 KB", "1.5 MB" —
// never "0 MB"), both in the hint and in the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invite, makePng, startService, tempDir } from './helpers.mjs';

// A genuine PNG padded to exactly `size` bytes (the service sniffs the magic bytes only).
function pngOfSize(size) {
  const png = makePng(8, 8);
  assert.ok(size >= png.length);
  return Buffer.concat([png, Buffer.alloc(size - png.length)]);
}

async function atDocumentStep(base) {
  const created = await invite(base, { referenceData: 'upload-edge', webhookUrl: 'https://shop.example/h' });
  assert.equal(created.status, 201);
  const ref = created.json.trackingReference;
  await (await fetch(`${base}/p/${ref}?lang=en`)).text();
  for (const [step, body] of [['consent', { consent: 'yes' }],
    ['details', { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-23' }]]) {
    const r = await fetch(`${base}/p/${ref}/${step}?lang=en`, { method: 'POST', body: new URLSearchParams(body), redirect: 'manual' });
    assert.equal(r.status, 303);
  }
  return ref;
}

async function uploadFront(base, ref, bytes) {
  const form = new FormData();
  form.set('documentType', 'PASSPORT');
  form.set('documentNumber', 'AB12345');
  form.set('front', new Blob([bytes], { type: 'image/png' }), 'front.png');
  const res = await fetch(`${base}/p/${ref}/document?lang=en`, { method: 'POST', body: form, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

for (const [limit, words] of [[512 * 1024, '512 KB'], [1536 * 1024, '1.5 MB']]) {
  test(`upload limit ${limit} bytes: under and at pass, over is refused as "${words}"`, async () => {
    const data = tempDir();
    const service = await startService({ dataDir: data.dir, args: ['--max-upload-bytes', String(limit)] });
    try {
      const hintPage = await fetch(`${service.base}/p/${await atDocumentStep(service.base)}?lang=en`);
      const hint = await hintPage.text();
      assert.ok(hint.includes(`at most ${words}.`), 'the document step states the limit');
      assert.doesNotMatch(hint, /\b0 MB/);

      for (const [size, expected] of [[limit - 1, 303], [limit, 303], [limit + 1, 422]]) {
        const ref = await atDocumentStep(service.base);
        const r = await uploadFront(service.base, ref, pngOfSize(size));
        assert.equal(r.status, expected, `${size} bytes`);
        if (expected === 422) {
          assert.ok(r.html.includes(`the image is larger than ${words}.`), r.html.slice(0, 400));
          assert.doesNotMatch(r.html, /\b0 MB/);
        }
      }
    } finally {
      await service.stop();
      data.cleanup();
    }
  });
}
