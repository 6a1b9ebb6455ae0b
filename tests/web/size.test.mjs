// Size budget: what a merchant's customer downloads, compressed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './helpers/server.mjs';

// The measured figure + 3 %: 39,817 B with the hand-off codes and the wallet path (js 8,304 +
// wasm 31,513, node's gzip -9), after the command sink. Issue 10 asked for + 10 %; this is
// tighter on purpose. Lower it when the widget shrinks; raise it only with a reason in the commit.
const BUDGET = 41000;
const gz = (f) => {
  const raw = readFileSync(`${repoRoot}/dist/${f}`);
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};

test(`gzip(idv-widget.js) + gzip(idv-widget.wasm) ≤ ${BUDGET} bytes`, () => {
  const js = gz('idv-widget.js');
  const wasm = gz('idv-widget.wasm');
  const total = js.gzip + wasm.gzip;
  console.log(`size: js ${js.raw} B (${js.gzip} gzip), wasm ${wasm.raw} B (${wasm.gzip} gzip), total ${total} B gzip of ${BUDGET}`);
  assert.ok(total <= BUDGET, `${total} > ${BUDGET}`);
  assert.ok(js.gzip <= 10240, `JS runtime ${js.gzip} B gzip: keep it thin`);
});

test('no eval-like constructs in the shipped JS', () => {
  for (const f of ['idv-widget.js', 'idv-widget.mjs']) {
    const src = readFileSync(`${repoRoot}/dist/${f}`, 'utf8');
    assert.doesNotMatch(src, /\beval\(|new Function\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write/, f);
  }
});
