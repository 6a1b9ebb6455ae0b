// See wasm-compile.html. A script file, not inline, so the page needs no CSP exception either.
fetch('/dist/idv-widget.wasm')
  .then((r) => WebAssembly.compileStreaming(r))
  .then(() => {
    const compiled = performance.now();
    const e = performance.getEntriesByType('resource').find((x) => x.name.endsWith('.wasm'));
    window.benchCompile = { afterLastByte: compiled - e.responseEnd, fetch: e.responseEnd - e.startTime };
  });
