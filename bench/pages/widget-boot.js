// Mounts the widget with options from the query string and records callbacks with Date.now()
// (the service's clock is the same machine's wall clock).
const q = new URLSearchParams(location.search);
window.benchLog = { success: null, states: [] };
window.benchHandle = IdvWidget.mount('#verify', {
  trackingReference: q.get('ref'),
  apiBase: q.get('api'),
  portalOrigin: q.get('portal') || undefined,
  longPoll: q.get('longPoll') !== '0',
  onSuccess(e) { window.benchLog.success = Date.now(); },
  onStatusChange(e) { window.benchLog.states.push([Date.now(), e.state || e.status]); },
});
