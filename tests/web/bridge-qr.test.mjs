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
