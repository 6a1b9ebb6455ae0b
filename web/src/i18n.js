// Message catalogues: pick a locale, layer the merchant's overrides, substitute {params}.
import en from '../messages/en.js';
import nl from '../messages/nl.js';
import lt from '../messages/lt.js';

export const catalogues = { en, nl, lt };

/**
 * 'nl-BE' → 'nl'; anything we do not ship → 'en'.
 * @param {string|undefined} requested the `locale` option
 * @param {readonly string[]} preferred the browser's languages, best first
 */
export function pickLocale(requested, preferred = []) {
  for (const tag of [requested, ...preferred]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (catalogues[base]) return base;
  }
  return 'en';
}

/**
 * @param {string} locale one of `catalogues`
 * @param {Record<string,string>} [overrides] the `messages` option (flat, by key)
 * @returns {(key: string, params?: object) => string}
 */
export function translator(locale, overrides) {
  const table = { ...en, ...catalogues[locale], ...overrides };
  return (key, params) =>
    String(table[key] ?? key).replace(/\{(\w+)\}/g, (m, name) =>
      params && params[name] != null ? String(params[name]) : m,
    );
}
