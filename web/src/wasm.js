// Loads the standalone core module (no Emscripten JS glue, see docs/bridge.md).
//
// The module's imports are read from the compiled module itself rather than hard-coded, so a
// rebuilt core that needs one more WASI stub keeps loading: every import is a function that
// does nothing useful in a widget (the core does no I/O), and `fd_write` reports the bytes as
// written so that libc never spins retrying a write nobody will see.

const WASI = 'wasi_snapshot_preview1';

function makeImports(module, getMemory) {
  const stubs = {
    proc_exit(code) {
      throw new Error('idv-widget: wasm core exited (' + code + ')');
    },
    fd_write(fd, iovs, iovsLen, nwrittenPtr) {
      const view = new DataView(getMemory().buffer);
      let total = 0;
      for (let i = 0; i < iovsLen; i++) total += view.getUint32(iovs + i * 8 + 4, true);
      view.setUint32(nwrittenPtr, total, true);
      return 0;
    },
  };
  const imports = {};
  for (const { module: ns, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') continue; // memory/table are exported, never imported, by our build
    (imports[ns] ||= {})[name] = (ns === WASI && stubs[name]) || (() => 0);
  }
  return imports;
}

/**
 * Compiles (if needed) and instantiates the core.
 * @param {WebAssembly.Module|BufferSource|Response|Promise<Response>} source
 * @returns {Promise<WebAssembly.Exports>}
 */
export async function instantiateCore(source) {
  const module = source instanceof WebAssembly.Module ? source : await compile(source);
  let memory;
  const instance = await WebAssembly.instantiate(module, makeImports(module, () => memory));
  memory = instance.exports.memory;
  // A WASI reactor must run its constructors before the first call.
  if (instance.exports._initialize) instance.exports._initialize();
  return instance.exports;
}

async function compile(source) {
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    return WebAssembly.compile(source);
  }
  const response = await source;
  if (!response.ok) throw new Error('idv-widget: wasm HTTP ' + response.status);
  if (WebAssembly.compileStreaming) {
    try {
      // Streaming compile overlaps download and compilation; it needs `application/wasm`.
      return await WebAssembly.compileStreaming(response);
    } catch (e) {
      // Wrong MIME type from a merchant's CDN: refused before the body is read, so compile the
      // bytes instead (no clone needed). Any other failure has used the body: report it.
      if (response.bodyUsed) throw e;
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// One compile + instance per wasm URL per page: all widgets share it (each has its own tracker).
const cache = new Map();
let eager = null; // the preload, until the first mount says which URL it wants

/**
 * @param {string} url
 * @param {boolean} [preload] started as the script is evaluated, before any mount (issue 10);
 *   aborted if the first mount asks for another URL (options.wasmUrl)
 */
export function loadCore(url, preload = false) {
  if (eager && !preload) {
    if (eager.url !== url) {
      eager.controller.abort(); // stops the download if it is still under way
      cache.delete(eager.url); // a later mount of that URL starts afresh
    }
    eager = null;
  }
  let p = cache.get(url);
  if (!p) {
    const controller = new AbortController();
    if (preload) eager = { url, controller };
    p = instantiateCore(fetch(url, { credentials: 'same-origin', signal: controller.signal }));
    // A failed load must not poison the page: the next mount retries. This also handles the
    // rejection of a failed preload that nobody awaits (no "unhandled rejection").
    p.catch(() => cache.get(url) === p && cache.delete(url));
    cache.set(url, p);
  }
  return p;
}
