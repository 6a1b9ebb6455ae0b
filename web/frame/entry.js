// Frame mode, parent side (dist/idv-widget-frame.js → global IdvWidgetFrame, and
// dist/idv-widget-frame.mjs): the same mount() as IdvWidget, for pages whose CSP cannot allow
// 'wasm-unsafe-eval'. The widget runs in an iframe served by the verification service
// ({apiBase}/widget/frame); this side only creates the iframe and turns its messages into the
// merchant's callbacks. No WebAssembly, no inline style or script here.
import { FRAGMENT, V, exactOrigin, fromFrame } from './protocol.js';

const mounted = new WeakMap(); // element → its live widget
const CALLBACKS = { statusChange: 'onStatusChange', success: 'onSuccess', expired: 'onExpired',
  error: 'onError', event: 'onEvent' };

// A merchant's throwing callback must not break the widget (as in web/src/mount.js).
function report(err) {
  if (typeof reportError === 'function') reportError(err);
  else setTimeout(() => { throw err; });
}

/**
 * @param {string|Element} target a selector or an element
 * @param {import('../frame').FrameMountOptions} options
 * @returns {import('../frame').FrameWidgetHandle}
 */
export function mount(target, options = {}) {
  const host = typeof target === 'string' ? document.querySelector(target) : target;
  if (!host || !host.attachShadow) throw new TypeError('idv-widget: no element for ' + target);
  mounted.get(host)?.destroy();

  // The frame is {apiBase}/widget/frame; the only origin we listen to is apiBase's.
  let base;
  try {
    base = new URL(options.apiBase);
  } catch {}
  const origin = base && exactOrigin(base.origin);
  const parentOrigin = exactOrigin(location.origin);

  let state = 'loading';
  let succeeded = false;
  let dead = false;
  const listeners = new AbortController();
  const fire = (name, detail) => {
    try {
      options[name]?.(detail);
    } catch (err) {
      report(err);
    }
  };

  // A shadow root keeps whatever the element held (a fallback text) hidden, as IdvWidget does.
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  const frame = document.createElement('iframe');
  // Scripts, and its own origin (so it can load the widget and we can check who is talking);
  // popups because "Verify on this device" opens the portal in a new tab, which must leave the
  // sandbox to work (its forms). No forms, top navigation, modals or downloads in the frame.
  frame.setAttribute('sandbox',
    'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  // One permission is delegated: the Digital Credentials API, for "Use your digital ID" inside
  // the frame (docs/wallet.md; the wallet then sees the service's origin). No camera, no others.
  frame.setAttribute('allow', 'digital-credentials-get');
  frame.referrerPolicy = 'no-referrer';
  frame.title = options.frameTitle || 'Identity verification';
  // CSSOM, not a style attribute: allowed under style-src 'self'.
  Object.assign(frame.style, { display: 'block', width: '100%', height: '416px', border: '0' });

  const handle = {
    destroy() {
      if (dead) return;
      dead = true;
      listeners.abort();
      frame.contentWindow?.postMessage({ v: V, type: 'destroy' }, origin);
      frame.remove();
      if (mounted.get(host) === handle) mounted.delete(host);
    },
    refresh() {
      if (!dead) frame.contentWindow?.postMessage({ v: V, type: 'refresh' }, origin);
    },
    get state() {
      return state;
    },
    get decision() {
      return 'off'; // the Phase 2 relay is not available in frame mode
    },
  };
  mounted.set(host, handle);

  if (!origin || !parentOrigin || !options.trackingReference) {
    state = 'error';
    queueMicrotask(() => fire('onError', { code: 'invalid_config', fatal: true,
      message: origin ? 'trackingReference is required, on an http(s) page' : 'apiBase must be an http(s) URL' }));
    return handle;
  }

  const params = new URLSearchParams({ parent: parentOrigin });
  for (const [key, option] of Object.entries(FRAGMENT)) {
    const value = options[option];
    if (value == null) continue;
    params.set(key, option === 'messages' ? JSON.stringify(value)
      : option === 'longPoll' ? (value ? '1' : '0') : String(value));
  }
  addEventListener('message', (e) => {
    // Exactly our frame: its origin, and its window (not another frame of the same service).
    if (e.origin !== origin || e.source !== frame.contentWindow || dead) return;
    const m = fromFrame(e.data);
    if (!m) return console.debug('idv-widget-frame: ignored message', e.data);
    if (m.type === 'height') frame.style.height = Math.min(Math.ceil(m.height), 4000) + 'px';
    else if (m.type === 'state') state = m.state;
    else if (m.type === 'statusChange' && typeof m.detail.state === 'string') state = m.detail.state;
    else if (m.type === 'success') {
      if (succeeded) return; // at most once, whatever the frame says
      succeeded = true;
    }
    if (m.type in CALLBACKS) fire(CALLBACKS[m.type], m.detail);
  }, { signal: listeners.signal });

  frame.src = base.href.replace(/[?#].*$/, '').replace(/\/*$/, '/widget/frame#') + params;
  root.replaceChildren(frame);
  return handle;
}
