// Message catalogues: complete, consistent placeholders, sane locale choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { catalogues, pickLocale, translator } from '../../web/src/i18n.js';
import { repoRoot } from './helpers/server.mjs';

const placeholders = (s) => (s.match(/\{\w+\}/g) || []).sort().join();

test('en, nl and lt have the same keys, all non-empty, with the same placeholders', () => {
  const keys = Object.keys(catalogues.en).sort();
  for (const [locale, table] of Object.entries(catalogues)) {
    assert.deepEqual(Object.keys(table).sort(), keys, locale);
    for (const k of keys) {
      assert.ok(table[k].trim(), `${locale} ${k}`);
      assert.equal(placeholders(table[k]), placeholders(catalogues.en[k]), `${locale} ${k}`);
    }
  }
});

test('every message key in docs/bridge.md has a text', () => {
  const doc = readFileSync(`${repoRoot}/docs/bridge.md`, 'utf8');
  const keys = new Set(doc.match(/`((?:status|detail)\.\w+)`/g).map((k) => k.slice(1, -1)));
  assert.ok(keys.size >= 15);
  for (const k of keys) assert.ok(catalogues.en[k], k);
});

test('locale choice: option, then browser languages, then en', () => {
  assert.equal(pickLocale('nl-BE', ['lt']), 'nl');
  assert.equal(pickLocale(undefined, ['fr-FR', 'LT-lt']), 'lt');
  assert.equal(pickLocale('de', ['fr']), 'en');
  assert.equal(pickLocale(undefined, []), 'en');
});

test('overrides and {param} substitution', () => {
  const t = translator('nl', { 'action.retry': 'Nog eens' });
  assert.equal(t('action.retry'), 'Nog eens');
  assert.match(t('detail.retrying', { seconds: 8 }), /8 s/);
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(translator('en', { x: 'a {b} {c}' })('x', { b: 1 }), 'a 1 {c}');
});

// After a decision the widget may not hint at the outcome: the same words must fit an approval
// and a rejection (the shop says which, in its own page). Issue 10: "You can continue." stood
// right above a shop's "We cannot complete this order online".
test('the submitted and decided texts are neutral about the outcome, in every language', () => {
  const outcomeWords = {
    en: /\b(continue|approved|accepted|verified|passed|rejected|declined|denied|success)/i,
    nl: /\b(verder\.|goedgekeurd|geaccepteerd|geverifieerd|geslaagd|geweigerd|afgewezen)/i,
    lt: /(tęsti|patvirtint|priimt|sėkming|atmest|atsisakyt)/i,
  };
  for (const [locale, table] of Object.entries(catalogues)) {
    for (const key of ['status.submitted', 'status.decided', 'detail.checking']) {
      assert.doesNotMatch(table[key], outcomeWords[locale], `${locale} ${key}: "${table[key]}"`);
    }
  }
});
