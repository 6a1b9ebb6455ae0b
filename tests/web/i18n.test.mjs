// Message catalogues: complete, consistent placeholders and plural forms, sane locale choice,
// fetched on demand (English alone is bundled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { en, LOCALES, direction, loadCatalogue, pickLocale, translator }
  from '../../web/src/i18n.js';
import { repoRoot } from './helpers/server.mjs';

const placeholders = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
const dir = `${repoRoot}/web/messages`;
const catalogues = { en };
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  catalogues[f.slice(0, -5)] = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
}

test('20 or more locales, right-to-left among them; LOCALES lists exactly the catalogues', () => {
  assert.deepEqual(Object.keys(catalogues).sort(), [...LOCALES].sort());
  assert.ok(LOCALES.length >= 20, `${LOCALES.length} locales`);
  assert.equal(direction('ar'), 'rtl');
  assert.equal(direction('he'), 'rtl');
  assert.equal(direction('de'), 'ltr');
});

test('every catalogue has exactly the keys of en, non-empty, the same placeholders, every plural form', () => {
  const keys = Object.keys(en).sort();
  for (const [locale, table] of Object.entries(catalogues)) {
    assert.deepEqual(Object.keys(table).sort(), keys, locale);
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const k of keys) {
      const want = placeholders(typeof en[k] === 'object' ? en[k].other : en[k]);
      if (typeof en[k] === 'object') {
        // Plural texts stay plural, with exactly the locale's CLDR categories.
        assert.equal(typeof table[k], 'object', `${locale} ${k}`);
        assert.deepEqual(Object.keys(table[k]).sort(), [...categories].sort(), `${locale} ${k}`);
      } else {
        assert.equal(typeof table[k], 'string', `${locale} ${k}`);
      }
      for (const text of typeof table[k] === 'object' ? Object.values(table[k]) : [table[k]]) {
        assert.ok(text.trim(), `${locale} ${k}`);
        assert.equal(placeholders(text), want, `${locale} ${k}: "${text}"`);
      }
    }
  }
});

test('every message key in docs/bridge.md has a text', () => {
  const doc = readFileSync(`${repoRoot}/docs/bridge.md`, 'utf8');
  const keys = new Set(doc.match(/`((?:status|detail)\.\w+)`/g).map((k) => k.slice(1, -1)));
  assert.ok(keys.size >= 15);
  for (const k of keys) assert.ok(en[k], k);
});

test('locale choice: option, then browser languages, then en', () => {
  assert.equal(pickLocale('nl-BE', ['lt']), 'nl');
  assert.equal(pickLocale(undefined, ['xx-XX', 'LT-lt']), 'lt');
  assert.equal(pickLocale('ar-EG', ['fr']), 'ar');
  assert.equal(pickLocale('zz', ['he-IL']), 'he');
  assert.equal(pickLocale('no'), 'nb');
  assert.equal(pickLocale('zz', ['yy']), 'en');
  assert.equal(pickLocale(undefined, []), 'en');
});

test('overrides and {param} substitution', () => {
  const t = translator('nl', { 'action.retry': 'Nog eens' }, catalogues.nl);
  assert.equal(t('action.retry'), 'Nog eens');
  assert.equal(t('detail.retrying', { seconds: 8 }), 'Verbindingsprobleem. Nieuwe poging over 8 seconden.');
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(translator('en', { x: 'a {b} {c}' })('x', { b: 1 }), 'a 1 {c}');
  // A string override replaces every plural form; en fills a catalogue's gaps.
  assert.equal(translator('de', { 'detail.retrying': 'Gleich ({seconds})' }, catalogues.de)(
    'detail.retrying', { seconds: 1 }), 'Gleich (1)');
  assert.equal(translator('de', undefined, {})('action.retry'), 'Try again');
});

test('plurals follow Intl.PluralRules (English, Lithuanian, Polish, Arabic, Japanese)', () => {
  const say = (l, n) => translator(l, undefined, catalogues[l])('detail.retrying', { seconds: n });
  assert.match(say('en', 1), /in 1 second\.$/);
  assert.match(say('en', 5), /in 5 seconds\.$/);
  assert.match(say('lt', 1), /po 1 sekundės\.$/);
  assert.match(say('lt', 5), /po 5 sekundžių\.$/);
  assert.match(say('lt', 21), /po 21 sekundės\.$/);
  assert.match(say('pl', 1), /za 1 sekundę\.$/);
  assert.match(say('pl', 3), /za 3 sekundy\.$/);
  assert.match(say('pl', 5), /za 5 sekund\.$/);
  assert.match(say('pl', 22), /za 22 sekundy\.$/);
  assert.match(say('ar', 2), /2 ثانيتين\.$/);
  assert.match(say('ar', 3), /3 ثوانٍ\.$/);
  assert.match(say('ar', 11), /11 ثانية\.$/);
  assert.match(say('ja', 4), /4秒後/);
  // No count given: the `other` form, placeholder kept.
  assert.match(translator('en')('detail.retrying'), /\{seconds\} seconds/);
});

test('catalogues are fetched from beside the script, once; failures resolve to null', async () => {
  const real = globalThis.fetch;
  const asked = [];
  globalThis.fetch = async (url) => {
    asked.push(url);
    if (url.endsWith('/de.json')) return new Response(JSON.stringify(catalogues.de));
    if (url.endsWith('/fr.json')) throw new TypeError('offline');
    return new Response('nope', { status: 404 });
  };
  try {
    const base = 'https://cdn.example/idv/idv-widget.messages/';
    assert.deepEqual(await loadCatalogue('de', base), catalogues.de);
    await loadCatalogue('de', base);
    assert.equal(await loadCatalogue('fr', base), null);
    assert.equal(await loadCatalogue('it', base), null);
    await loadCatalogue('fr', base); // a failure is not cached: the next mount tries again
    assert.deepEqual(asked, [base + 'de.json', base + 'fr.json', base + 'it.json', base + 'fr.json']);
  } finally {
    globalThis.fetch = real;
  }
});

test('the bundle holds English only: no other catalogue is compiled in', () => {
  const js = readFileSync(`${repoRoot}/dist/idv-widget.js`, 'utf8');
  assert.ok(js.includes(en['action.verify']));
  for (const l of ['nl', 'de', 'ar', 'ja']) {
    assert.ok(!js.includes(catalogues[l]['action.verify']), `${l} is in the bundle`);
  }
  for (const l of LOCALES.filter((l) => l !== 'en')) {
    const shipped = JSON.parse(readFileSync(`${repoRoot}/dist/idv-widget.messages/${l}.json`, 'utf8'));
    assert.deepEqual(shipped, catalogues[l], `dist/idv-widget.messages/${l}.json`);
  }
});

// After a decision the widget may not hint at the outcome: the same words must fit an approval
// and a rejection (the shop says which, in its own page). Issue 10: "You can continue." stood
// right above a shop's "We cannot complete this order online".
test('the submitted and decided texts are neutral about the outcome, in every language', () => {
  const outcomeWords = {
    en: /\b(continue|approved|accepted|verified|passed|rejected|declined|denied|success)/i,
    nl: /\b(verder\.|goedgekeurd|geaccepteerd|geverifieerd|geslaagd|geweigerd|afgewezen)/i,
    lt: /(tęsti|patvirtint|priimt|sėkming|atmest|atsisakyt)/i,
    de: /(genehmigt|akzeptiert|bestätigt|bestanden|erfolgreich|abgelehnt|verweigert)/i,
    fr: /(approuv|accept|validé|réussi|refus|rejet)/i,
    es: /(aprobad|aceptad|verificad|superad|rechazad|denegad|éxito)/i,
    pl: /(zatwierdz|zaakceptow|pozytywn|odrzuc|negatywn|sukces)/i,
  };
  for (const [locale, table] of Object.entries(catalogues)) {
    const words = outcomeWords[locale];
    if (!words) continue; // the others: the native review (docs/widget-api.md, Languages)
    for (const key of ['status.submitted', 'status.decided', 'detail.checking']) {
      assert.doesNotMatch(table[key], words, `${locale} ${key}: "${table[key]}"`);
    }
  }
});
