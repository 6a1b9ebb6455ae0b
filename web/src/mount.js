// The public API: mount(target, options) → { destroy(), refresh(), state }.
// Wires one CommandRunner (the core's WidgetSession) to one View (shadow DOM), the merchant's callbacks and the
// page events the core wants to hear about.
import { Bridge } from './bridge.js';
import { CommandRunner } from './command-runner.js';
import { View } from './view.js';
import { loadCore } from './wasm.js';
import { prefetchTracking } from './prefetch.js';
import { loadCatalogue, pickLocale, translator } from './i18n.js';

let defaultWasmUrl = 'idv-widget.wasm';
/**
 * Called by each entry point as it is evaluated: the .wasm next to the script that loaded us
 * (or the script tag's data-wasm-url). Its download and compile start now, not at mount.
 */
export function setDefaultWasmUrl(url) {
  defaultWasmUrl = url;
  // No document: imported for server-side rendering, where nothing mounts — download nothing.
  if (typeof document !== 'undefined') loadCore(url, true);
}

const bridges = new WeakMap(); // core exports → Bridge (one instance, many sessions)
const mounted = new WeakMap(); // element → its live widget

// A merchant's throwing callback must not break the widget: report it like an uncaught error
// (window.onerror / console), but outside our call stack.
function report(err) {
  if (typeof reportError === 'function') reportError(err);
  else setTimeout(() => { throw err; });
}

// The core's option keys (docs/bridge.md), passed through when given (JSON drops undefined).
const CONFIG_KEYS = ['trackingReference', 'apiBase', 'portalOrigin', 'pollIntervalMs',
  'hiddenPollIntervalMs', 'requestTimeoutMs', 'longPoll', 'ecc', 'wallet'];

// The wallet protocols this browser's Digital Credentials API accepts (docs/wallet.md): a fact
// for the core, which decides whether to offer "Use your digital ID".
const WALLET_PROTOCOLS = ['openid4vp-v1-unsigned', 'openid4vp-v1-signed', 'org-iso-mdoc'];
function walletProtocols() {
  const dc = globalThis.DigitalCredential;
  if (typeof dc?.userAgentAllowsProtocol !== 'function') return '';
  return WALLET_PROTOCOLS.filter((p) => {
    try {
      return dc.userAgentAllowsProtocol(p);
    } catch {
      return false;
    }
  }).join(' ');
}

/**
 * @param {string|Element} target a selector or an element
 * @param {import('../idv-widget').MountOptions} options
 * @returns {import('../idv-widget').WidgetHandle}
 */
export function mount(target, options = {}) {
  const host = typeof target === 'string' ? document.querySelector(target) : target;
  if (!host || !host.attachShadow) throw new TypeError('idv-widget: no element for ' + target);
  mounted.get(host)?.destroy();

  // The options go to the core as they are: it reads them, checks their ranges and decides
  // (widget/session/widget_config.cpp). The page adds what only it knows.
  const config = {};
  for (const k of CONFIG_KEYS) config[k] = options[k];
  // Poll jitter needs real randomness per widget, or a campaign's widgets poll in lock-step.
  config.randomSeed = crypto.getRandomValues(new Uint32Array(1))[0];
  config.pageOrigin = location.origin; // the core sends If-None-Match only same-origin
  config.renewal = typeof options.renewReference === 'function';
  config.walletProtocols = walletProtocols();
  // Optional Phase 2 relay: the merchant's own backend, which verified the signed webhook.
  const decision = options.decision;
  if (decision?.url) {
    config.decisionUrl = new URL(decision.url, document.baseURI).href;
    config.decisionIntervalMs = decision.intervalMs;
    config.decisionTimeoutMs = decision.timeoutMs;
  }
  const locale = pickLocale(options.locale, navigator.languages || [navigator.language]);
  const wasmUrl = new URL(options.wasmUrl || defaultWasmUrl, document.baseURI).href;

  // The first tracking request goes out now, while the core may still compile; the core's own
  // first fetch command claims it (or aborts it: command-runner.js).
  let prefetch = prefetchTracking(config);
  let state = 'loading';
  let decisionPhase = 'off';
  let runner = null;
  let dead = false;
  const listeners = new AbortController();

  const callback = (name) => (event) => {
    try {
      options[name]?.(event);
    } catch (err) {
      report(err);
    }
  };
  const sink = {
    render(v) {
      state = v.state;
      decisionPhase = v.decision || 'off';
      view.render(v);
    },
    statusChange: callback('onStatusChange'),
    success: callback('onSuccess'),
    expired: callback('onExpired'),
    error: callback('onError'),
    event: callback('onEvent'),
    decision(event) {
      try {
        decision?.onDecision?.(event);
      } catch (err) {
        report(err);
      }
    },
    // Expired before data entry: the merchant's backend gives a new reference (the core then
    // carries on with a new QR), or the core reports onExpired with why renewal failed.
    renew({ reason }) {
      Promise.resolve()
        .then(() => options.renewReference({ reason }))
        .then(
          (ref) => runner?.renewed(typeof ref === 'string' ? ref : null, 'no reference returned'),
          (err) => runner?.renewed(null, String(err?.message ?? err)),
        );
    },
  };

  const view = new View(host, translator('en', options.messages), () => handle.refresh(),
    () => runner?.restart(), () => runner?.wallet());
  view.render({ state, messageKey: 'status.loading', busy: true });
  // English until the locale's catalogue (beside the .wasm) arrives; English for good if it
  // fails. The core starts when it has arrived, or after 1.5 s, so the texts do not flicker.
  const texts = locale === 'en' ? null
    : loadCatalogue(locale, new URL('idv-widget.messages/', wasmUrl)).then((table) => {
      if (table && !dead) view.setLocale(locale, translator(locale, options.messages, table));
    });
  const textsOrTimeout = texts && Promise.race([texts, new Promise((r) => setTimeout(r, 1500))]);

  const handle = {
    destroy() {
      if (dead) return;
      dead = true;
      listeners.abort();
      prefetch?.controller.abort(); // destroyed before the core was ready: nobody will read it
      runner?.destroy();
      view.destroy();
      if (mounted.get(host) === handle) mounted.delete(host);
    },
    refresh() {
      runner?.refresh();
    },
    get state() {
      return state;
    },
    /** The optional Phase 2 relay: off, waiting, checking, decided or timedOut. */
    get decision() {
      return decisionPhase;
    },
  };
  mounted.set(host, handle);

  loadCore(wasmUrl)
    .then(async (exports) => {
      await textsOrTimeout;
      if (dead) return;
      let bridge = bridges.get(exports);
      if (!bridge) bridges.set(exports, (bridge = new Bridge(exports)));
      runner = new CommandRunner(bridge, config, sink, { prefetch });
      prefetch = null; // the runner's now
      runner.start();
      if (document.visibilityState === 'hidden') runner.visibility(false);
      if (navigator.onLine === false) runner.connectivity(false);

      const on = (target, type, fn) =>
        target.addEventListener(type, fn, { signal: listeners.signal });
      on(document, 'visibilitychange', () =>
        runner.visibility(document.visibilityState !== 'hidden'));
      on(window, 'online', () => runner.connectivity(true));
      on(window, 'offline', () => runner.connectivity(false));
    })
    .catch((err) => {
      // The .wasm did not download or compile, or is not our core: say so, never hang on
      // "loading" in silence.
      if (dead) return;
      runner?.destroy();
      runner = null;
      prefetch?.controller.abort();
      sink.render({ state: 'error', messageKey: 'status.error', showRetry: false });
      sink.error({ code: 'wasm_load_failed', message: String(err && err.message), fatal: true });
    });
  return handle;
}
