// Widget options from the page's query string, shared by the test pages' boot scripts.
window.idvOptions = function idvOptions() {
  const q = new URLSearchParams(location.search);
  const num = (k) => (q.has(k) ? Number(q.get(k)) : undefined);
  const log = (type) => (detail) => window.idvLog.events.push({ type, detail, t: Date.now() });
  return {
    trackingReference: q.get('ref') ?? undefined,
    apiBase: q.get('api') || location.origin,
    portalOrigin: q.get('portal') || undefined,
    locale: q.get('locale') || undefined,
    pollIntervalMs: num('poll'),
    hiddenPollIntervalMs: num('hidden'),
    requestTimeoutMs: num('timeout'),
    longPoll: q.has('longPoll') ? q.get('longPoll') === '1' : undefined,
    onStatusChange: log('status'),
    onSuccess: log('success'),
    onExpired: log('expired'),
    onError: log('error'),
    onEvent: log('event'),
    // ?renew=<ref>: renewReference resolves with it; ?renew=fail: it rejects.
    renewReference: q.has('renew')
      ? async (info) => {
        log('renew')(info);
        if (q.get('renew') === 'fail') throw new Error('the shop could not create a new invite');
        return q.get('renew');
      }
      : undefined,
  };
};

// ?throw=1: every callback throws after logging — the widget must carry on regardless.
if (new URLSearchParams(location.search).get('throw') === '1') {
  const make = window.idvOptions;
  window.idvOptions = () => {
    const o = make();
    for (const k of Object.keys(o)) {
      if (k.startsWith('on')) {
        const f = o[k];
        o[k] = (e) => { f(e); throw new Error(`merchant bug in ${k}`); };
      }
    }
    return o;
  };
}
