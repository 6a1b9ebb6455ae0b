// Drives one tracker of the real core through the bridge with a fake clock, playing the JS
// runtime's part by hand: it remembers the request in flight and the wake-up time, and keeps
// every command so tests can count callbacks.
export const API = 'https://verify.example.com';
export const REF = '3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10';
export const PORTAL = `${API}/p/${REF}`;

export function body(fields = {}) {
  return JSON.stringify({
    trackingReference: REF,
    status: 'PENDING',
    version: 1,
    portalUrl: PORTAL,
    expiresAt: '2099-01-01T00:00:00Z',
    updatedAt: '2026-11-22T09:31:07Z',
    ...fields,
  });
}

export class Harness {
  constructor(bridge, config = {}) {
    this.b = bridge;
    this.h = bridge.create({ trackingReference: REF, apiBase: API, randomSeed: 7, ...config });
    this.now = Date.UTC(2026, 10, 22, 9, 30);
    this.commands = [];
    this.request = null; // the fetch command in flight
    this.wakeAt = null;
    this.view = null;
  }

  apply(cmds) {
    for (const c of cmds) {
      this.commands.push(c);
      if (c.type === 'fetch') this.request = c;
      else if (c.type === 'abort' && this.request?.requestId === c.requestId) this.request = null;
      else if (c.type === 'wake') this.wakeAt = c.atMs;
      else if (c.type === 'cancelWake') this.wakeAt = null;
      else if (c.type === 'render') this.view = c.view;
    }
    return cmds;
  }

  of(type) {
    return this.commands.filter((c) => c.type === type);
  }

  start() {
    return this.apply(this.b.start(this.h, this.now));
  }

  /** Answers the request in flight (or `requestId`). */
  respond(status, text, { retryAfter = null, etag = null, requestId } = {}) {
    const id = requestId ?? this.request.requestId;
    if (requestId == null) this.request = null;
    return this.apply(this.b.response(this.h, this.now, id, status, text, retryAfter, etag));
  }

  fail(kind) {
    const id = this.request.requestId;
    this.request = null;
    return this.apply(this.b.failure(this.h, this.now, id, kind));
  }

  /** Advances the clock to the armed wake-up and fires it. */
  fireTimer() {
    if (this.wakeAt == null) throw new Error('no wake armed');
    this.now = Math.max(this.now, this.wakeAt);
    this.wakeAt = null;
    return this.apply(this.b.timer(this.h, this.now));
  }

  /** Fires timers until a fetch is issued; returns the delay it took. */
  untilFetch() {
    const from = this.now;
    for (let i = 0; i < 5 && !this.request; i++) this.fireTimer();
    if (!this.request) throw new Error('no fetch after 5 wake-ups');
    return this.now - from;
  }

  destroy() {
    this.b.destroy(this.h);
  }
}
