// Message catalogues: pick a locale, layer the merchant's overrides, substitute {params}.
// English is bundled; every other catalogue is a JSON file beside the script and the .wasm
// (dist/idv-widget.messages/<locale>.json), fetched only by a widget that shows that locale.
// A text may be an object of Intl.PluralRules forms ({ one, few, many, other, … }): the form is
// chosen by the number in the text's first {placeholder}.
import en from '../messages/en.js';

export { en };

/** The locales we ship; web/messages/<locale>.json for all but en. */
export const LOCALES = ['en', 'ar', 'cs', 'da', 'de', 'el', 'es', 'fi', 'fr', 'he', 'hu', 'it',
  'ja', 'lt', 'nb', 'nl', 'pl', 'pt', 'ro', 'sv', 'tr', 'uk'];
const RTL = ['ar', 'he'];

/** 'rtl' for right-to-left locales, else 'ltr'. */
export const direction = (locale) => (RTL.includes(locale) ? 'rtl' : 'ltr');

/**
 * 'nl-BE' → 'nl', 'no' → 'nb'; anything we do not ship → 'en'.
 * @param {string|undefined} requested the `locale` option
 * @param {readonly string[]} preferred the browser's languages, best first
 */
export function pickLocale(requested, preferred = []) {
  for (const tag of [requested, ...preferred]) {
    let base = String(tag || '').toLowerCase().split('-')[0];
    if (base === 'no' || base === 'nn') base = 'nb'; // Norwegian: we ship Bokmål
    if (base === 'iw') base = 'he'; // the old code for Hebrew
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

const loads = new Map(); // catalogue URL → Promise<table|null>, shared by all widgets

/**
 * Fetches `<locale>.json` from `base` (a URL ending in /). Resolves to the table, or to null when
 * it cannot be had — the widget then stays in English. Never rejects.
 */
export function loadCatalogue(locale, base) {
  const url = new URL(`${locale}.json`, base).href;
  let p = loads.get(url);
  if (!p) {
    p = fetch(url, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((t) => (t && typeof t === 'object' && !Array.isArray(t) ? t : null))
      .catch(() => null);
    p.then((t) => t || loads.delete(url)); // a failed load is tried again by the next mount
    loads.set(url, p);
  }
  return p;
}

/**
 * @param {string} locale the catalogue's locale (plural rules)
 * @param {Record<string,string|object>} [overrides] the `messages` option (flat, by key)
 * @param {Record<string,string|object>} [table] the locale's catalogue; en fills its gaps
 * @returns {(key: string, params?: object) => string}
 */
export function translator(locale, overrides, table) {
  const all = { ...en, ...table, ...overrides };
  const rules = new Intl.PluralRules(locale);
  return (key, params) => {
    let text = all[key] ?? key;
    if (typeof text === 'object') {
      const name = String(text.other).match(/\{(\w+)\}/)?.[1];
      text = text[rules.select(Number(params?.[name]))] ?? text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, (m, name) =>
      params && params[name] != null ? String(params[name]) : m,
    );
  };
}
