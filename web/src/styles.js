// Styles a shadow root with web/styles.css (inlined by the build). It is adopted as a
// constructable stylesheet, which CSP's style-src does not govern, so merchants never need
// 'unsafe-inline'.
import css from '../styles.css';

let shared;

/** Styles `root`: one shared constructable sheet where supported, else a <style> element. */
export function applyStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
    try {
      if (!shared) {
        shared = new CSSStyleSheet();
        shared.replaceSync(css);
      }
      root.adoptedStyleSheets = [shared];
      return;
    } catch (e) {
      // Old engines without constructable sheets fall through to a <style> element (that one
      // does need style-src 'unsafe-inline' under a strict CSP; every current browser takes
      // the branch above).
    }
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}
