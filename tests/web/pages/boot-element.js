// <idv-widget> page: builds the element from the query string; listens on document, so the
// events must bubble and cross the shadow boundary (composed).
const o = window.idvOptions();
for (const type of ['idv-status', 'idv-success', 'idv-expired', 'idv-error']) {
  document.addEventListener(type, (e) =>
    window.idvLog.events.push({ type, detail: e.detail, t: Date.now() }));
}
const el = document.createElement('idv-widget');
el.setAttribute('tracking-reference', o.trackingReference);
el.setAttribute('api-base', o.apiBase);
if (o.pollIntervalMs) el.setAttribute('poll-interval-ms', String(o.pollIntervalMs));
if (o.locale) el.setAttribute('locale', o.locale);
document.querySelector('main').append(el);
