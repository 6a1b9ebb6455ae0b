// Carries out the core's commands for one widget session: fetches (with AbortController + timeout),
// the single wake-up timer, and hands render/callback commands to `sink`. All decisions —
// when to poll, what a response means, what to show — are the core's (docs/bridge.md).
import { NETWORK_ERROR, TIMEOUT, WALLET_REQUEST, WALLET_GET, WALLET_RESPONSE } from './bridge.js';

// setTimeout stores its delay in 32 bits; a longer wake simply fires early and is re-armed by
// the core, which only ever compares against the `nowMs` we pass.
const MAX_DELAY = 0x7fffffff;

// At most `max` + 1 body bytes (the core's limit, from the fetch command, plus one so it can
// tell "too large"): wasm memory, once grown for a huge hostile body, never shrinks, and a
// body that never ends must not be buffered. Bytes, not UTF-16 units: the core counts bytes.
async function readBody(res, max) {
  const out = new Uint8Array(max + 1);
  let n = 0;
  const reader = res.body?.getReader();
  while (reader && n < out.length) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = value.subarray(0, out.length - n);
    out.set(take, n);
    n += take.length;
  }
  reader?.cancel().catch(() => {});
  return out.subarray(0, n);
}

export class CommandRunner {
  /**
   * @param {import('./bridge.js').Bridge} bridge
   * @param {object} config the core's config (docs/bridge.md)
   * @param {{render(v:object):void, statusChange(e:object):void, success(e:object):void,
   *          expired(e:object):void, error(e:object):void, event(e:object):void}} sink
   * @param {{fetch?: typeof fetch, now?: () => number, prefetch?: object}} [env] injectable for
   *   tests; `prefetch`: the first tracking request, already sent (prefetch.js)
   */
  constructor(bridge, config, sink, env = {}) {
    this.bridge = bridge;
    this.sink = sink;
    this.fetch = env.fetch || ((...a) => fetch(...a));
    this.now = env.now || Date.now;
    this.handle = bridge.create(config);
    this.timer = 0;
    this.inflight = new Map(); // requestId → abort()
    this.queue = [];
    this.running = false;
    this.dead = false;
    this.prefetch = env.prefetch || null;
  }

  start() {
    this.run((h, now) => this.bridge.start(h, now));
    this.dropPrefetch(); // not claimed by the first batch (e.g. the core refused the config)
  }
  dropPrefetch() {
    this.prefetch?.controller.abort();
    this.prefetch = null;
  }
  refresh() {
    this.run((h, now) => this.bridge.refresh(h, now));
  }
  visibility(visible) {
    this.run((h, now) => this.bridge.visibility(h, now, visible));
  }
  connectivity(online) {
    this.run((h, now) => this.bridge.connectivity(h, now, online));
  }
  restart() {
    this.run((h, now) => this.bridge.restart(h, now));
  }
  wallet() {
    this.run((h, now) => this.bridge.wallet(h, now));
  }
  renewed(reference, failure) {
    this.run((h, now) => this.bridge.renewed(h, now, reference, failure));
  }

  destroy() {
    if (this.dead) return;
    this.dead = true;
    this.dropPrefetch();
    clearTimeout(this.timer);
    for (const abort of this.inflight.values()) abort();
    this.inflight.clear();
    this.bridge.destroy(this.handle);
  }

  // Calls into the core and executes the returned commands in order. A callback may call
  // refresh() or destroy() re-entrantly: such calls are queued behind the batch in progress so
  // commands are never interleaved, and nothing runs once the tracker is destroyed.
  run(call) {
    if (this.dead) return;
    this.queue.push(call);
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length && !this.dead) {
        const commands = this.queue.shift()(this.handle, this.now());
        for (const c of commands) {
          if (this.dead) break;
          this.exec(c);
        }
      }
    } finally {
      this.running = false;
      this.queue.length = 0;
    }
  }

  exec(c) {
    switch (c.type) {
      case 'fetch':
        return this.startFetch(c);
      case 'abort':
        this.inflight.get(c.requestId)?.();
        this.inflight.delete(c.requestId);
        return;
      case 'wake':
        clearTimeout(this.timer);
        this.timer = setTimeout(
          () => this.run((h, now) => this.bridge.timer(h, now)),
          Math.min(MAX_DELAY, Math.max(0, c.atMs - this.now())),
        );
        return;
      case 'cancelWake':
        return clearTimeout(this.timer);
      case 'render':
        return this.sink.render(c.view);
      case 'renew':
        return this.sink.renew?.(c);
      case 'wallet':
        return this.runWallet(c);
      case 'statusChange':
      case 'success':
      case 'expired':
      case 'error':
      case 'decision':
      case 'event':
        return this.sink[c.type](c.event);
      default:
        // A newer core may send commands this runtime does not know; skipping them is safe.
        return;
    }
  }

  // The digital-ID exchange (docs/wallet.md): request → wallet → response, then one report of
  // where it stopped. It starts inside the click's task, so the wallet call still has the
  // customer's activation. What the report means is the core's to decide.
  async runWallet({ protocol, requestUrl, responseUrl }) {
    let stage = WALLET_REQUEST, status = 0, code = '';
    const post = async (url, body) => {
      const res = await this.fetch(url, { method: 'POST', credentials: 'omit', cache: 'no-store',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      status = res.status;
      const json = await res.json().catch(() => ({}));
      code = typeof json.error === 'string' ? json.error.slice(0, 64) : '';
      return res.ok ? json : null;
    };
    try {
      const request = await post(requestUrl, { protocol });
      if (request) {
        stage = WALLET_GET;
        status = 0;
        const credential = await navigator.credentials.get({
          digital: { requests: [{ protocol: request.protocol, data: request.data }] },
        });
        stage = WALLET_RESPONSE;
        await post(responseUrl, { protocol: credential.protocol, data: credential.data });
      }
    } catch (err) {
      code = String(err?.name || 'Error').slice(0, 64);
    }
    this.run((h, now) => this.bridge.walletReport(h, now, stage, status, code));
  }

  startFetch({ requestId: id, url, ifNoneMatch, timeoutMs, maxBodyBytes, credentials }) {
    // -- prefetch hook (issue 10): the request sent before the core was ready stands in for this
    // command only if it is exactly this request (same URL, no If-None-Match, credentials
    // 'omit'); else it is aborted. Claimed or not, it is never used for a later command.
    const pre = this.prefetch;
    this.prefetch = null;
    const claimed = pre?.url === url && !ifNoneMatch && credentials !== 'same-origin';
    if (pre && !claimed) pre.controller.abort();
    const controller = claimed ? pre.controller : new AbortController();
    // -- end of the prefetch hook; `claimed` picks the promise below.
    const abort = () => {
      clearTimeout(timeout);
      controller.abort();
    };
    // Exactly one report per request, and none for one the core or destroy() aborted.
    const settle = (report) => {
      if (this.inflight.get(id) !== abort) return;
      this.inflight.delete(id);
      abort();
      this.run(report);
    };
    const timeout = setTimeout(
      () => settle((h, now) => this.bridge.failure(h, now, id, TIMEOUT)),
      timeoutMs,
    );
    this.inflight.set(id, abort);

    (claimed ? pre.response : this.fetch(url, {
      headers: ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {},
      signal: controller.signal,
      // The tracking reference is the capability: no cookies. Only the decision relay, which
      // asks the merchant's own backend, is sent with same-origin cookies (the core decides).
      credentials: credentials === 'same-origin' ? 'same-origin' : 'omit',
      // No HTTP cache between us and the ETag logic the core runs itself.
      cache: 'no-store',
    }))
      .then(async (res) => {
        const body = await readBody(res, maxBodyBytes); // still under the timeout
        const h = res.headers;
        settle((hd, now) =>
          this.bridge.response(hd, now, id, res.status, body, h.get('Retry-After'), h.get('ETag')),
        );
      })
      .catch(() => settle((h, now) => this.bridge.failure(h, now, id, NETWORK_ERROR)));
  }
}
