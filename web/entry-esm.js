// ES module entry (dist/idv-widget.mjs). The .wasm is looked up next to this module, and its
// download and compile start as soon as the module is evaluated.
import { mount, setDefaultWasmUrl } from './src/mount.js';
import { defineElement, IdvWidgetElement } from './src/element.js';

setDefaultWasmUrl(new URL('idv-widget.wasm', import.meta.url).href);
defineElement();

export { mount, defineElement, IdvWidgetElement };
