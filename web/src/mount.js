// The public API: mount(target, options) → { destroy(), refresh(), state }.
// Wires one Tracker (core commands) to one View (shadow DOM), the merchant's callbacks and the
// page events the core wants to hear about.
import { Bridge } from './bridge.js';
import { CommandRunner } from './command-runner.js';
import { View } from './view.js';
import { loadCore } from './wasm.js';
import { pickLocale, translator } from './i18n.js';

let defaultWasmUrl = 'idv-widget.wasm';
/** Set by each entry point: the .wasm next to the script that loaded us. */
export function setDefaultWasmUrl(url) {
  defaultWasmUrl = url;
}

const bridges = new WeakMap(); // core exports → Bridge (one instance, many trackers)
const mounted = new WeakMap(); // element → its live widget

// A merchant's throwing callback must not break the widget: report it like an uncaught error
// (window.onerror / console), but outside our call stack.
function report(err) {
  if (typeof reportError === 'function') reportError(err);
  else setTimeout(() => { throw err; });
}

// Core config keys, passed through from options when given (JSON drops the undefined ones).
const CONFIG_KEYS = ['trackingReference', 'apiBase', 'portalOrigin', 'pollIntervalMs',
  'hiddenPollIntervalMs', 'requestTimeoutMs', 'longPoll', 'ecc'];

/**
 * @param {string|Element} target a selector or an element
 * @param {import('../idv-widget').MountOptions} options
 * @returns {import('../idv-widget').WidgetHandle}
 */
export function mount(target, options = {}) {
  const host = typeof target === 'string' ? document.querySelector(target) : target;
  if (!host || !host.attachShadow) throw new TypeError('idv-widget: no element for ' + target);
  mounted.get(host)?.destroy();

  const config = {};
  for (const k of CONFIG_KEYS) config[k] = options[k];
  // Poll jitter needs real randomness per widget, or a campaign's widgets poll in lock-step.
  config.randomSeed = crypto.getRandomValues(new Uint32Array(1))[0];
  // If-None-Match would turn every cross-origin poll into preflight + GET (see tracker.hpp).
  try {
    config.conditionalRequests = new URL(options.apiBase, document.baseURI).origin === location.origin;
  } catch {
    config.conditionalRequests = false; // an unusable apiBase: the core reports it
  }
  // Optional Phase 2 relay: the merchant's own backend, which verified the signed webhook.
  const decision = options.decision;
  if (decision?.url) {
    config.decisionUrl = new URL(decision.url, document.baseURI).href;
    config.decisionIntervalMs = decision.intervalMs;
    config.decisionTimeoutMs = decision.timeoutMs;
  }
  const t = translator(pickLocale(options.locale, navigator.languages || [navigator.language]),
    options.messages);

  let state = 'loading';
  let decisionPhase = 'off';
  let tracker = null;
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
  };

  const view = new View(host, t, () => handle.refresh());
  view.render({ state, messageKey: 'status.loading', busy: true });

  const handle = {
    destroy() {
      if (dead) return;
      dead = true;
      listeners.abort();
      tracker?.destroy();
      view.destroy();
      if (mounted.get(host) === handle) mounted.delete(host);
    },
    refresh() {
      tracker?.refresh();
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

  loadCore(new URL(options.wasmUrl || defaultWasmUrl, document.baseURI).href)
    .then((exports) => {
      if (dead) return;
      let bridge = bridges.get(exports);
      if (!bridge) bridges.set(exports, (bridge = new Bridge(exports)));
      tracker = new CommandRunner(bridge, config, sink);
      tracker.start();
      if (document.visibilityState === 'hidden') tracker.visibility(false);
      if (navigator.onLine === false) tracker.connectivity(false);

      const on = (target, type, fn) =>
        target.addEventListener(type, fn, { signal: listeners.signal });
      on(document, 'visibilitychange', () =>
        tracker.visibility(document.visibilityState !== 'hidden'));
      on(window, 'online', () => tracker.connectivity(true));
      on(window, 'offline', () => tracker.connectivity(false));
    })
    .catch((err) => {
      // The .wasm did not download or compile, or is not our core: say so, never hang on
      // "loading" in silence.
      if (dead) return;
      tracker?.destroy();
      tracker = null;
      sink.render({ state: 'error', messageKey: 'status.error', showRetry: false });
      sink.error({ code: 'wasm_load_failed', message: String(err && err.message), fatal: true });
    });
  return handle;
}
