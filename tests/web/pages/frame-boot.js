// Frame-mode page: IdvWidgetFrame.mount() with options from the query string (options.js).
window.idvHandle = IdvWidgetFrame.mount('#verify', window.idvOptions());
