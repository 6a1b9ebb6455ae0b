// Classic-script page: IdvWidget.mount() with options from the query string.
window.idvHandle = IdvWidget.mount('#verify', window.idvOptions());
