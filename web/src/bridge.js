// Typed wrapper over the core's plain C exports (docs/bridge.md): one WidgetSession per handle.
// Strings cross as UTF-8 with a terminating NUL, a response body as bytes + length; results
// are JSON owned by the module and valid only until the next call, so each one is decoded at
// once. Nothing here touches the DOM: node tests use it as is.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Bridge {
  /** @param {WebAssembly.Exports} exports */
  constructor(exports) {
    if (typeof exports.idv_session_create !== 'function') {
      throw new Error('idv-widget: this .wasm is not the idv-widget core');
    }
    this.x = exports;
  }

  // Copies `bytes` (or a string, as UTF-8 + NUL) into module memory for the duration of
  // `fn(ptr, length)`; null/undefined → fn(0, 0).
  withBytes(data, fn) {
    if (data == null) return fn(0, 0);
    const bytes = typeof data === 'string' ? encoder.encode(data + '\0') : data;
    const ptr = this.x.idv_alloc(bytes.length);
    try {
      new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
      return fn(ptr, typeof data === 'string' ? bytes.length - 1 : bytes.length);
    } finally {
      this.x.idv_free(ptr);
    }
  }
  withString(text, fn) {
    return this.withBytes(text == null ? text : String(text), fn);
  }

  // Reads the NUL-terminated JSON at `ptr` (re-reading `memory.buffer`: it may have grown).
  json(ptr) {
    const mem = new Uint8Array(this.x.memory.buffer);
    const end = mem.indexOf(0, ptr);
    return JSON.parse(decoder.decode(mem.subarray(ptr, end)));
  }
  commands(ptr) {
    return this.json(ptr).commands;
  }

  /** @param {object} options the widget's options (docs/bridge.md); the core reads them */
  create(options) {
    return this.withString(JSON.stringify(options), (p) => this.x.idv_session_create(p));
  }
  destroy(h) {
    this.x.idv_session_destroy(h);
  }

  // Each event returns the parsed `commands` array.
  start(h, now) {
    return this.commands(this.x.idv_session_start(h, now));
  }
  /** @param {Uint8Array|string} body */
  response(h, now, requestId, status, body, retryAfter, etag) {
    return this.withBytes(body, (b, length) =>
      this.withString(retryAfter, (r) =>
        this.withString(etag, (e) =>
          this.commands(this.x.idv_session_response(h, now, requestId, status, b, length, r, e)),
        ),
      ),
    );
  }
  failure(h, now, requestId, kind) {
    return this.commands(this.x.idv_session_failure(h, now, requestId, kind));
  }
  timer(h, now) {
    return this.commands(this.x.idv_session_timer(h, now));
  }
  visibility(h, now, visible) {
    return this.commands(this.x.idv_session_visibility(h, now, visible ? 1 : 0));
  }
  connectivity(h, now, online) {
    return this.commands(this.x.idv_session_connectivity(h, now, online ? 1 : 0));
  }
  refresh(h, now) {
    return this.commands(this.x.idv_session_refresh(h, now));
  }
  /** "Not you? Start again" (view.showRestart). */
  restart(h, now) {
    return this.commands(this.x.idv_session_restart(h, now));
  }
  /** "Use your digital ID" (view.showWallet). */
  wallet(h, now) {
    return this.commands(this.x.idv_session_wallet(h, now));
  }
  /** Where a `wallet` command's exchange stopped (WALLET_* stage), its HTTP status, a code. */
  walletReport(h, now, stage, status, code) {
    return this.withString(code, (c) =>
      this.commands(this.x.idv_session_wallet_report(h, now, stage, status, c)),
    );
  }
  /** The answer to a `renew` command: the new reference, or null and why it failed. */
  renewed(h, now, reference, failure) {
    return this.withString(reference, (r) =>
      this.withString(failure, (f) => this.commands(this.x.idv_session_renewed(h, now, r, f))),
    );
  }
}

/** Failure kinds for `failure()`. */
export const NETWORK_ERROR = 0;
export const TIMEOUT = 1;
/** Stages for `walletReport()`. */
export const WALLET_REQUEST = 0;
export const WALLET_GET = 1;
export const WALLET_RESPONSE = 2;
