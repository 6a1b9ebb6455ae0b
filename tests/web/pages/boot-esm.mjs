// ES-module page: `import { mount }` from dist/idv-widget.mjs (wasm found via import.meta.url).
import { mount } from '/dist/idv-widget.mjs';

window.idvHandle = mount(document.getElementById('verify'), window.idvOptions());
