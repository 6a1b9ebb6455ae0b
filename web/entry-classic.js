// Classic-script entry (dist/idv-widget.js → global IdvWidget). document.currentScript is only
// set while this script runs, so the default .wasm URL is captured now, not at mount time.
import { mount, setDefaultWasmUrl } from './src/mount.js';
import { defineElement, IdvWidgetElement } from './src/element.js';

const script = document.currentScript;
if (script && script.src) setDefaultWasmUrl(new URL('idv-widget.wasm', script.src).href);
defineElement();

export { mount, defineElement, IdvWidgetElement };
