// Typed wrapper over the core's plain C exports (docs/bridge.md). Strings cross as UTF-8 with a
// terminating NUL; results are JSON owned by the module and valid only until the next call,
// so each one is decoded immediately. Nothing here touches the DOM: node tests use it as is.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Bridge {
  /** @param {WebAssembly.Exports} exports */
  constructor(exports) {
    if (typeof exports.idv_tracker_create !== 'function') {
      throw new Error('idv-widget: this .wasm is not the idv-widget core');
    }
    this.x = exports;
  }

  // Copies `text` into module memory for the duration of `fn(ptr)`; null/undefined → 0.
  withString(text, fn) {
    if (text == null) return fn(0);
    const bytes = encoder.encode(String(text));
    const ptr = this.x.idv_alloc(bytes.length + 1);
    try {
      const mem = new Uint8Array(this.x.memory.buffer, ptr, bytes.length + 1);
      mem.set(bytes);
      mem[bytes.length] = 0;
      return fn(ptr);
    } finally {
      this.x.idv_free(ptr);
    }
  }

  // Reads the NUL-terminated JSON at `ptr` (re-reading `memory.buffer`: it may have grown).
  json(ptr) {
    const mem = new Uint8Array(this.x.memory.buffer);
    let end = ptr;
    while (mem[end]) end++;
    return JSON.parse(decoder.decode(mem.subarray(ptr, end)));
  }

  create(config) {
    return this.withString(JSON.stringify(config), (p) => this.x.idv_tracker_create(p));
  }
  destroy(h) {
    this.x.idv_tracker_destroy(h);
  }

  // Each event returns the parsed `commands` array.
  start(h, now) {
    return this.json(this.x.idv_tracker_start(h, now)).commands;
  }
  response(h, now, requestId, status, body, retryAfter, etag) {
    return this.withString(body, (b) =>
      this.withString(retryAfter, (r) =>
        this.withString(etag, (e) =>
          this.json(this.x.idv_tracker_response(h, now, requestId, status, b, r, e)).commands,
        ),
      ),
    );
  }
  failure(h, now, requestId, kind) {
    return this.json(this.x.idv_tracker_failure(h, now, requestId, kind)).commands;
  }
  timer(h, now) {
    return this.json(this.x.idv_tracker_timer(h, now)).commands;
  }
  visibility(h, now, visible) {
    return this.json(this.x.idv_tracker_visibility(h, now, visible ? 1 : 0)).commands;
  }
  connectivity(h, now, online) {
    return this.json(this.x.idv_tracker_connectivity(h, now, online ? 1 : 0)).commands;
  }
  refresh(h, now) {
    return this.json(this.x.idv_tracker_refresh(h, now)).commands;
  }
  view(h) {
    return this.json(this.x.idv_tracker_view(h));
  }
}

/** Failure kinds for `failure()`. */
export const NETWORK_ERROR = 0;
export const TIMEOUT = 1;
