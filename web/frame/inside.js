// Frame mode, frame side (dist/idv-widget-frame-inside.js, served as {apiBase}/widget/frame.js
// after idv-widget.js): mounts the widget with the options from the URL fragment and relays
// its callbacks to the parent — to exactly the origin the fragment names, and listens only to
// messages from that origin's window (the parent). Protocol: ./protocol.js.
import { FRAGMENT, V, exactOrigin, fromParent } from './protocol.js';

const q = new URLSearchParams(location.hash.slice(1));
const parentOrigin = exactOrigin(q.get('parent'));
// Where the browser supports it, the claimed parent must be the real one: a page that embeds
// us while naming someone else gets no widget at all.
const ancestors = location.ancestorOrigins;
const genuine = parentOrigin && window.parent !== window &&
  (!ancestors || ancestors[0] === parentOrigin);

if (genuine) start();
else console.warn('idv-widget-frame: no valid parent origin in the fragment; not starting');

function start() {
  const post = (type, fields) => window.parent.postMessage({ v: V, type, ...fields }, parentOrigin);
  const options = {
    // This page is {apiBase}/widget/frame.
    apiBase: location.href.replace(/[?#].*$/, '').replace(/\/widget\/frame$/, ''),
  };
  for (const [key, option] of Object.entries(FRAGMENT)) {
    const value = q.get(key);
    if (value == null) continue;
    if (option === 'messages') {
      try {
        options.messages = JSON.parse(value);
      } catch {}
    } else if (option === 'longPoll') options.longPoll = value === '1';
    else if (/^(poll|hidden|timeout)$/.test(key)) options[option] = Number(value);
    else options[option] = value;
  }

  let lastState = '';
  const relay = (type) => (detail) => {
    post(type, { detail });
    queueMicrotask(sendState); // the widget's state changes right after its callback
  };
  function sendState() {
    if (handle && handle.state !== lastState) post('state', { state: (lastState = handle.state) });
  }
  let handle = null;
  handle = IdvWidget.mount(document.getElementById('widget'), {
    ...options,
    onStatusChange: relay('statusChange'),
    onSuccess: relay('success'),
    onExpired: relay('expired'),
    onError: relay('error'),
    onEvent: relay('event'),
  });
  sendState();

  // The frame sizes itself: the parent sets the iframe's height, so there is never a scrollbar.
  let lastHeight = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) post('height', { height: (lastHeight = height) });
  }).observe(document.documentElement);

  addEventListener('message', (e) => {
    if (e.origin !== parentOrigin || e.source !== window.parent) return;
    const m = fromParent(e.data);
    if (!m) return console.debug('idv-widget-frame: ignored message', e.data);
    if (m.type === 'refresh') handle.refresh();
    else handle.destroy();
  });
  post('ready', {});
}
