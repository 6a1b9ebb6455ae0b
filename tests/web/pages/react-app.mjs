// React test page (tests/web/e2e-react.test.mjs bundles this with esbuild, React in development
// mode so that <StrictMode> really mounts, unmounts and mounts again). <IdvWidget> with options
// from the query string; window.setWidgetProps({ ref, tag }) re-renders it with another
// tracking reference or another onSuccess callback (a new function on every render anyway).
import { createElement as h, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { IdvWidget } from 'idv-widget/react';

const q = new URLSearchParams(location.search);
const log = (type, detail) => window.idvLog.events.push({ type, detail, t: Date.now() });
window.widgetRef = { current: null }; // <IdvWidget ref>: refresh(), state, decision

function App() {
  const [p, setP] = useState({ ref: q.get('ref'), tag: 'a' });
  window.setWidgetProps = (next) => setP((old) => ({ ...old, ...next }));
  return h(IdvWidget, {
    id: 'verify',
    ref: window.widgetRef,
    className: 'verify',
    trackingReference: p.ref,
    apiBase: location.origin,
    pollIntervalMs: Number(q.get('poll') || 200),
    onStatusChange: (e) => log('status', e),
    onSuccess: (e) => log('success', { ...e, tag: p.tag }),
    onError: (e) => log('error', e),
  });
}

createRoot(document.getElementById('root')).render(h(StrictMode, null, h(App)));
