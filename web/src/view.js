// Renders the core's view model into the host's shadow root. The DOM is built once and then
// only updated (textContent, attributes, `hidden`) — never innerHTML — so data from the network
// can never become markup, and focus is not lost between renders.
import { applyStyles } from './styles.js';
import { direction } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function el(tag, cls, parent, attrs = {}, ns) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  if (cls) node.setAttribute('class', cls);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (parent) parent.append(node);
  return node;
}
// A real <button> (keyboard and screen readers for free), exposed as a ::part for theming.
function button(cls, parent, onClick) {
  const node = el('button', 'btn ' + cls, parent, { type: 'button', part: 'button ' + cls });
  node.addEventListener('click', onClick);
  return node;
}
// A link to the portal: a new tab keeps this page — and its polling — alive meanwhile.
const NEW_TAB = { target: '_blank', rel: 'noopener noreferrer' };

// The core only hands out portal URLs whose origin it verified; refuse any other scheme anyway
// (a javascript: href must be impossible even if that check ever regressed).
// SVG elements have no `hidden` property, so toggle the attribute (styled by `[hidden]`).
const show = (node, on) => node.toggleAttribute('hidden', !on);

const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);

export class View {
  /**
   * @param {Element} host
   * @param {(key:string, params?:object)=>string} t
   * @param {() => void} onRetry
   * @param {() => void} onRestart "Not you? Start again"
   * @param {() => void} onWallet "Use your digital ID"
   */
  constructor(host, t, onRetry, onRestart, onWallet) {
    // Re-mounting on the same element reuses its shadow root (it cannot be attached twice).
    const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    root.replaceChildren();
    applyStyles(root);
    this.root = root;

    const box = (this.box = el('div', 'idv', root, { part: 'container' }));
    this.status = el('p', 'status', box, { part: 'status' });
    // While loading, the status line keeps the height of the QR state's text (styles.js), so
    // the QR does not push the page down when it comes: no layout shift.
    this.statusText = el('span', '', this.status);
    this.detail = el('p', 'detail', box);

    // The QR's square is there from the first paint (the spinner inside it while loading).
    this.frame = el('div', 'frame', box);
    this.spin = el('div', 'spin', this.frame, { 'aria-hidden': 'true' });
    this.qr = el('svg', 'qr', this.frame,
      { role: 'img', 'shape-rendering': 'crispEdges', part: 'qr' }, SVG);
    this.qrPath = el('path', '', this.qr, {}, SVG);

    // The hand-off codes (docs/demo.md): the short code to type where the camera cannot scan,
    // and the number the phone's first page shows too. Both read left to right in any language.
    // Each value has a line of its own that never wraps, so the loading state's stand-ins
    // take exactly the room of the real values.
    [this.code, this.codePrompt, this.codeAddress, this.codeValue] = this.line(box, 'code', 2);
    [this.match, this.matchPrompt, this.matchValue] = this.line(box, 'match', 1);

    this.verify = el('a', 'btn verify', box, { part: 'button verify', ...NEW_TAB });
    // The digital-ID wallet (docs/wallet.md): only where the browser and the service support it.
    this.wallet = button('wallet', box, onWallet);

    this.alt = el('p', 'alt', box);
    this.prompt = new Text();
    this.alt.append(this.prompt, ' ');
    // A URL reads left to right, in any language.
    this.url = el('a', 'url', this.alt, { dir: 'ltr', ...NEW_TAB });

    this.retry = button('retry', box, onRetry);
    this.restart = button('restart', box, onRestart);

    // Screen readers hear each new status once, politely; the visible text above is not live so
    // that re-renders with the same text stay silent.
    this.live = el('p', 'sr', box, { role: 'status', 'aria-live': 'polite' });
    this.setLocale('en', t);
  }

  /** A paragraph: a prompt, then `n` values, one per line; returns [paragraph, prompt, ...values]. */
  line(box, cls, n) {
    const p = el('p', cls, box);
    const prompt = new Text();
    p.append(prompt);
    const values = Array.from({ length: n }, () => el('span', 'value', p, { dir: 'ltr' }));
    return [p, prompt, ...values];
  }

  /**
   * Sets the language (lang, dir: right-to-left for ar and he) and the texts; re-renders.
   * @param {string} locale
   * @param {(key:string, params?:object)=>string} t
   */
  setLocale(locale, t) {
    this.t = t;
    this.box.setAttribute('lang', locale);
    this.box.setAttribute('dir', direction(locale));
    this.status.setAttribute('data-ghost', t('status.awaitingScan'));
    this.qr.setAttribute('aria-label', t('qr.label'));
    this.verify.textContent = t('action.verify');
    this.prompt.data = t('link.prompt');
    this.retry.textContent = t('action.retry');
    this.restart.textContent = t('action.restart');
    this.wallet.textContent = t('action.wallet');
    if (this.last) this.render(this.last);
  }

  /** @param {object} v the view model (docs/bridge.md) */
  render(v) {
    this.last = v;
    const t = this.t;
    const status = t(v.messageKey || 'status.' + v.state, v.params);
    const detail = v.detailKey ? t(v.detailKey, v.params) : '';
    this.box.setAttribute('data-state', v.state);
    this.statusText.textContent = status;
    this.detail.textContent = detail;
    show(this.detail, detail);
    show(this.spin, v.busy);

    const qr = v.qr;
    show(this.frame, qr || v.busy);
    show(this.qr, qr);
    if (qr) {
      // `size` counts the quiet zone too: the path is already offset by it.
      this.qr.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
      this.qrPath.setAttribute('d', qr.path);
    }

    const url = safeUrl(v.portalUrl);
    for (const a of [this.verify, this.url]) {
      if (url) a.setAttribute('href', url);
      else a.removeAttribute('href');
    }
    // Loading keeps the button's and the link's room too, invisible (styles.js); the link is
    // one line whatever the URL, so its room is known in advance.
    this.url.textContent = url || '\u00a0';
    show(this.verify, url || v.busy);
    show(this.alt, (url && v.showLink) || v.busy);
    show(this.retry, v.showRetry);
    show(this.restart, v.showRestart);
    show(this.wallet, v.showWallet);
    this.wallet.disabled = !!v.walletBusy;
    this.codePrompt.data = t('code.prompt');
    // Loading keeps both lines' room (invisible) with stand-ins.
    this.codeAddress.textContent = v.shortCodeAddress || '\u00a0';
    this.codeValue.textContent = v.shortCode || 'XXXX-XXXX';
    show(this.code, v.shortCode || v.busy);
    this.matchPrompt.data = t('match.prompt');
    this.matchValue.textContent = v.matchCode || '00';
    show(this.match, v.matchCode || v.busy);

    const said = detail ? status + ' ' + detail : status;
    if (this.live.textContent !== said) this.live.textContent = said;
  }

  destroy() {
    this.root.replaceChildren();
    if ('adoptedStyleSheets' in this.root) this.root.adoptedStyleSheets = [];
  }
}
