// Injected into bench pages before any of their scripts (page.addInitScript). Times, from the
// outside, what the widget does on the way to its first QR — nothing in web/src is changed:
//   bench:compile-start/-end        WebAssembly.compileStreaming / compile
//   bench:instantiate-start/-end    WebAssembly.instantiate
//   bench:tracker-start             idv_session_start called (the runtime is ready)
//   bench:tracking-fetch-call       the first fetch() of the tracking endpoint
//   bench:core-first-qr (measure)   the idv_session_response call whose commands carry the QR
//                                   (parse the tracking body, state machine, QR encode, view JSON)
//   bench:qr-seen                   first animation frame in which the QR is in the DOM
//                                   (the widget's shadow-root <path d>, or an alternative's canvas)
//   bench:qr-painted                a message-channel task after that frame: it has been painted
//   bench:widget-seen               first animation frame with the widget's shadow root filled
//   bench:widget-next-frame         the frame after it (the widget's first frame is painted)
// and window.benchCls(): cumulative layout shift so far (PerformanceObserver 'layout-shift'),
// { page: all shifts, widget: shifts after the widget's first frame — i.e. from mount to QR,
// without the page moving once to make room for the widget, which only the page can avoid }.
(() => {
  const shifts = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push(e);
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) { shifts.push({ value: NaN, startTime: Infinity }); } // no API: n/a
  window.benchCls = () => {
    const after = performance.getEntriesByName('bench:widget-next-frame')[0]?.startTime ?? Infinity;
    const sum = (list) => list.reduce((a, e) => a + e.value, 0);
    return { page: sum(shifts), widget: sum(shifts.filter((e) => e.startTime > after)) };
  };
  const mark = (n) => performance.mark('bench:' + n);
  const WA = WebAssembly;
  const { compileStreaming, compile, instantiate } = WA;
  if (compileStreaming) {
    WA.compileStreaming = function (src) {
      mark('compile-start');
      return compileStreaming.call(WA, src).then((m) => { mark('compile-end'); return m; });
    };
  }
  WA.compile = function (bytes) {
    mark('compile-start');
    return compile.call(WA, bytes).then((m) => { mark('compile-end'); return m; });
  };
  WA.instantiate = function (mod, imports) {
    mark('instantiate-start');
    return instantiate.call(WA, mod, imports).then((res) => {
      mark('instantiate-end');
      const inst = res.instance || res;
      const x = inst.exports;
      // idv_session_* since the WidgetSession core, idv_tracker_* before (for --baseline runs).
      const api = typeof x.idv_session_response === 'function' ? 'idv_session_' : 'idv_tracker_';
      if (typeof x[api + 'response'] !== 'function') return res;
      const wrapped = Object.assign({}, x);
      let seen = false;
      wrapped[api + 'start'] = function () {
        mark('tracker-start');
        return x[api + 'start'].apply(null, arguments);
      };
      wrapped[api + 'response'] = function () {
        const t0 = performance.now();
        const ptr = x[api + 'response'].apply(null, arguments);
        const t1 = performance.now();
        if (!seen) {
          const mem = new Uint8Array(x.memory.buffer);
          let end = ptr;
          while (mem[end]) end++;
          if (new TextDecoder().decode(mem.subarray(ptr, end)).includes('"qr":{')) {
            seen = true;
            performance.measure('bench:core-first-qr', { start: t0, end: t1 });
          }
        }
        return ptr;
      };
      const fake = { exports: wrapped };
      return res.instance ? { module: res.module, instance: fake } : fake;
    });
  };
  const origFetch = window.fetch;
  window.fetch = function (input) {
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    if (url.includes('/v1/tracking/') && !performance.getEntriesByName('bench:tracking-fetch-call').length) {
      mark('tracking-fetch-call');
    }
    return origFetch.apply(this, arguments);
  };
  let widgetSeen = false;
  const found = () => {
    const path = document.querySelector('#verify')?.shadowRoot?.querySelector('svg path');
    if (path && path.getAttribute('d')) return true;
    const c = document.querySelector('canvas');
    return !!(c && c.width > 0);
  };
  const frame = () => {
    if (!widgetSeen && document.querySelector('#verify')?.shadowRoot?.firstChild) {
      widgetSeen = true;
      mark('widget-seen');
      requestAnimationFrame(() => mark('widget-next-frame'));
    }
    if (!found()) return requestAnimationFrame(frame);
    mark('qr-seen');
    const ch = new MessageChannel();
    ch.port1.onmessage = () => mark('qr-painted');
    ch.port2.postMessage(0);
  };
  requestAnimationFrame(frame);
})();
