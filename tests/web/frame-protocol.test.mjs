// Frame mode without a browser: the protocol's checks (web/frame/protocol.js) and the size and
// content of the parent-side script a merchant's customer downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './helpers/server.mjs';
import { exactOrigin, fromFrame, fromParent } from '../../web/frame/protocol.js';

test('frame → parent: only version 1, known types, well-formed fields', () => {
  for (const m of [
    { v: 1, type: 'ready' },
    { v: 1, type: 'height', height: 412 },
    { v: 1, type: 'state', state: 'awaitingScan' },
    { v: 1, type: 'success', detail: { trackingReference: 'x' } },
    { v: 1, type: 'statusChange', detail: {} },
    { v: 1, type: 'decision', detail: {} },
  ]) assert.equal(fromFrame(m), m, JSON.stringify(m));
  for (const m of [
    null, 'ready', [], 42,
    { type: 'ready' }, { v: 2, type: 'ready' }, { v: '1', type: 'ready' },
    { v: 1, type: 'refresh' }, { v: 1, type: 'toString' }, { v: 1, type: '__proto__' },
    { v: 1, type: 'height', height: -1 }, { v: 1, type: 'height', height: '400' },
    { v: 1, type: 'height', height: Infinity }, { v: 1, type: 'state', state: 3 },
    { v: 1, type: 'success' }, { v: 1, type: 'success', detail: null },
    { v: 1, type: 'error', detail: [] },
  ]) assert.equal(fromFrame(m), null, JSON.stringify(m));
});

test('parent → frame: only refresh and destroy, version 1', () => {
  assert.ok(fromParent({ v: 1, type: 'refresh' }));
  assert.ok(fromParent({ v: 1, type: 'destroy' }));
  for (const m of [null, { v: 2, type: 'destroy' }, { v: 1, type: 'success', detail: {} },
    { v: 1, type: 'hasOwnProperty' }, { type: 'destroy' }]) assert.equal(fromParent(m), null);
});

test('origins must be exact', () => {
  assert.equal(exactOrigin('https://shop.example'), 'https://shop.example');
  assert.equal(exactOrigin('http://127.0.0.1:8081'), 'http://127.0.0.1:8081');
  for (const s of ['https://shop.example/', 'https://SHOP.example', 'https://shop.example:443',
    'null', '', null, 'javascript:alert(1)', 'file:///x', '*', 'https://a@shop.example'])
    assert.equal(exactOrigin(s), null, String(s));
});

test('dist/idv-widget-frame.js: ≤ 3 KB gzip, no WebAssembly, no eval, no markup strings', () => {
  for (const f of ['idv-widget-frame.js', 'idv-widget-frame.mjs']) {
    const src = readFileSync(`${repoRoot}/dist/${f}`);
    const gzip = gzipSync(src, { level: 9 }).length;
    console.log(`size: ${f} ${src.length} B (${gzip} gzip)`);
    assert.ok(gzip <= 3072, `${f}: ${gzip} B gzip > 3072`);
    const text = src.toString('utf8');
    assert.doesNotMatch(text, /WebAssembly|\.wasm\b/, f);
    assert.doesNotMatch(text, /\beval\(|new Function\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|setAttribute\(\s*["']style/, f);
  }
  assert.match(readFileSync(`${repoRoot}/dist/idv-widget-frame.js`, 'utf8'), /var IdvWidgetFrame=/);
});
