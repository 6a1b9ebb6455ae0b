// <idv-widget tracking-reference="…" api-base="…" portal-origin="…" locale="…"> — the same
// widget as mount(), configured by attributes and reporting through bubbling, composed DOM
// events: idv-status, idv-success, idv-expired, idv-error (and idv-event for diagnostics).
import { mount } from './mount.js';

const ATTRS = {
  'tracking-reference': 'trackingReference',
  'api-base': 'apiBase',
  'portal-origin': 'portalOrigin',
  locale: 'locale',
  'poll-interval-ms': 'pollIntervalMs',
  'wasm-url': 'wasmUrl',
  'decision-url': 'decisionUrl',
};
const NUMERIC = new Set(['pollIntervalMs']);

const EVENTS = {
  onStatusChange: 'idv-status',
  onSuccess: 'idv-success',
  onExpired: 'idv-expired',
  onError: 'idv-error',
  onEvent: 'idv-event',
};

const Base = typeof HTMLElement === 'function' ? HTMLElement : class {};

export class IdvWidgetElement extends Base {
  static get observedAttributes() {
    return Object.keys(ATTRS);
  }

  connectedCallback() {
    this.remount();
  }
  disconnectedCallback() {
    this.widget?.destroy();
    this.widget = null;
  }
  attributeChangedCallback() {
    if (this.isConnected) this.remount();
  }

  remount() {
    // Attribute changes arrive one by one while a page builds the element: remount once, after
    // the current task's changes have all landed.
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (!this.isConnected) return;
      const options = {};
      for (const [attr, key] of Object.entries(ATTRS)) {
        const v = this.getAttribute(attr);
        if (v != null) options[key] = NUMERIC.has(key) ? Number(v) : v;
      }
      const fire = (type) => (detail) =>
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      if (options.decisionUrl) {
        options.decision = { url: options.decisionUrl, onDecision: fire('idv-decision') };
      }
      for (const [key, type] of Object.entries(EVENTS)) options[key] = fire(type);
      this.widget = mount(this, options); // mount() destroys the previous widget on `this`
    });
  }

  refresh() {
    this.widget?.refresh();
  }
  get state() {
    return this.widget ? this.widget.state : 'idle';
  }
}

/** Registers the element (default name `idv-widget`); safe to call more than once. */
export function defineElement(name = 'idv-widget') {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  // A fresh subclass per name: one constructor cannot be registered under two names.
  customElements.define(name, class extends IdvWidgetElement {});
}
