// QR codes from the real core, through the bridge, read back by real decoders (jsQR, zbarimg):
// what the widget draws must scan as exactly the text it was given.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestBridge } from './helpers/core.mjs';
import { modules, pixels, toPgm, decodeJsqr } from './helpers/qr-raster.mjs';
import { zbarimg } from './helpers/zbar.mjs';

let bridge;
before(async () => {
  bridge = await loadTestBridge();
});

const TEXTS = [
  'https://verify.example.com/p/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10',
  'http://127.0.0.1:8080/p/short',
  'https://verify.example.com/p/' + 'x'.repeat(300) + '?lang=lt&ref=ąčęėįšųūž',
  'A',
];

function encode(text, ecc) {
  const qr = bridge.qrSvg(text, ecc);
  assert.equal(qr.ok, true, JSON.stringify(qr));
  assert.equal(qr.quietZone >= 4, true, 'a quiet zone of at least 4 modules');
  return pixels(modules(qr.path, qr.size));
}

test('every error-correction level round-trips through jsQR', () => {
  for (const text of TEXTS) {
    for (const ecc of ['L', 'M', 'Q', 'H']) {
      assert.equal(decodeJsqr(encode(text, ecc)), text, `ecc ${ecc}: ${text.slice(0, 40)}`);
    }
  }
});

test('zbarimg reads the same text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idv-qr-'));
  TEXTS.forEach((text, i) => {
    const file = join(dir, `qr${i}.pgm`);
    writeFileSync(file, toPgm(encode(text, 'M')));
    assert.deepEqual(zbarimg(file), [text]);
  });
});

test('the path stays inside the declared size and leaves the quiet zone light', () => {
  const qr = bridge.qrSvg(TEXTS[0], 'M');
  const grid = modules(qr.path, qr.size);
  const q = qr.quietZone;
  for (let i = 0; i < qr.size; i++) {
    for (const [r, c] of [[i, q - 1], [q - 1, i], [i, qr.size - q], [qr.size - q, i]]) {
      assert.equal(grid[r][c], false, `quiet zone module ${r},${c} is dark`);
    }
  }
  // Finder pattern corner: the first symbol module is dark.
  assert.equal(grid[q][q], true);
});

test('text too long for any QR version is an error, not a crash', () => {
  const qr = bridge.qrSvg('x'.repeat(8000), 'H');
  assert.equal(qr.ok, false);
  assert.match(qr.error, /qr_/);
  // …and the module is still usable afterwards.
  assert.equal(bridge.qrSvg('still fine', 'M').ok, true);
});

// The wasm core picks the mask with its own bit-row scoring (idv_qr_mask_select, held to
// libqrencode's Mask_mask natively): many sizes and contents, so that every mask and many
// versions are drawn, must still read back — with jsQR, and zbarimg for a sample. (jsQR 1.4
// misreads some symbols past version ~20, before and after this change alike.)
test('random texts of many lengths at every level read back (mask selection)', () => {
  let seed = 7;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&()*+,;=%';
  const dir = mkdtempSync(join(tmpdir(), 'idv-qr-masks-'));
  const versions = new Set();
  let n = 0;
  // Up to 300 characters: the rasteriser in helpers/qr-raster.mjs is O(modules × edges).
  for (const len of [1, 20, 45, 60, 100, 150, 220, 300]) {
    for (const ecc of ['L', 'M', 'Q', 'H']) {
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[rand(alphabet.length)];
      const qr = bridge.qrSvg(text, ecc);
      assert.equal(qr.ok, true, JSON.stringify(qr).slice(0, 200));
      assert.match(qr.path, /^(M\d+ \d+h\d+v1h-\d+z)+$/);
      versions.add(qr.size);
      const img = pixels(modules(qr.path, qr.size));
      assert.equal(decodeJsqr(img), text, `jsQR, ${len} chars, ecc ${ecc}`);
      if (n++ % 5 === 0) {
        const file = join(dir, `qr${n}.pgm`);
        writeFileSync(file, toPgm(img));
        assert.deepEqual(zbarimg(file), [text], `zbarimg, ${len} chars, ecc ${ecc}`);
      }
    }
  }
  assert.ok(versions.size >= 12, `${versions.size} distinct sizes`);
});
