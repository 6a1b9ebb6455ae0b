// Classic-script entry (dist/idv-widget.js → global IdvWidget). document.currentScript is only
// set while this script runs, so the default .wasm URL is captured now, not at mount time — and
// its download starts now too. `<script src=… data-wasm-url=…>` points both somewhere else.
import { mount, setDefaultWasmUrl } from './src/mount.js';
import { defineElement, IdvWidgetElement } from './src/element.js';

// No document (evaluated on a server for server-side rendering): no default, no download.
const script = typeof document === 'undefined' ? null : document.currentScript;
const wasm = script?.dataset.wasmUrl || (script?.src && new URL('idv-widget.wasm', script.src).href);
if (wasm) setDefaultWasmUrl(new URL(wasm, document.baseURI).href);
defineElement();

export { mount, defineElement, IdvWidgetElement };
