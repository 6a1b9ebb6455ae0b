// Injected into bench pages before any of their scripts (page.addInitScript). Times, from the
// outside, what the widget does on the way to its first QR — nothing in web/src is changed:
//   bench:compile-start/-end        WebAssembly.compileStreaming / compile
//   bench:instantiate-start/-end    WebAssembly.instantiate
//   bench:tracker-start             idv_tracker_start called (the runtime is ready)
//   bench:tracking-fetch-call       the first fetch() of the tracking endpoint
//   bench:core-first-qr (measure)   the idv_tracker_response call whose commands carry the QR
//                                   (parse the tracking body, state machine, QR encode, view JSON)
//   bench:qr-seen                   first animation frame in which the QR is in the DOM
//                                   (the widget's shadow-root <path d>, or an alternative's canvas)
//   bench:qr-painted                a message-channel task after that frame: it has been painted
(() => {
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
      if (typeof x.idv_tracker_response !== 'function') return res;
      const wrapped = Object.assign({}, x);
      let seen = false;
      wrapped.idv_tracker_start = function () {
        mark('tracker-start');
        return x.idv_tracker_start.apply(null, arguments);
      };
      wrapped.idv_tracker_response = function () {
        const t0 = performance.now();
        const ptr = x.idv_tracker_response.apply(null, arguments);
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
  const found = () => {
    const path = document.querySelector('#verify')?.shadowRoot?.querySelector('svg path');
    if (path && path.getAttribute('d')) return true;
    const c = document.querySelector('canvas');
    return !!(c && c.width > 0);
  };
  const frame = () => {
    if (!found()) return requestAnimationFrame(frame);
    mark('qr-seen');
    const ch = new MessageChannel();
    ch.port1.onmessage = () => mark('qr-painted');
    ch.port2.postMessage(0);
  };
  requestAnimationFrame(frame);
})();
