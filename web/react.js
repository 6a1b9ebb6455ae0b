// React binding (dist/idv-widget-react.mjs → import { IdvWidget } from 'idv-widget/react'):
// one host <div>, mount() in an effect, destroy() in its cleanup. React is the app's own copy
// (a peer dependency, never bundled); the runtime is dist/idv-widget.mjs beside this file —
// build.mjs keeps that import external, so an app that also imports 'idv-widget' has one
// runtime, and the .wasm is still found through that module's import.meta.url.
import { createElement, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import { mount } from './entry-esm.js';

// Options that make a different widget: a change re-mounts (a new session, a new first poll).
const IDENTITY = ['trackingReference', 'apiBase', 'portalOrigin', 'locale', 'pollIntervalMs',
  'hiddenPollIntervalMs', 'requestTimeoutMs', 'longPoll', 'ecc', 'wasmUrl'];
// Callbacks are read through a ref when they fire: a new function each render re-mounts nothing.
const CALLBACKS = ['onStatusChange', 'onSuccess', 'onExpired', 'onError', 'onEvent'];

/** @param {import('./react').IdvWidgetProps} props */
export function IdvWidget(props) {
  const host = useRef(null);
  const widget = useRef(null);
  const latest = useRef(props);
  // Updated once committed (not during render, which React may discard); layout effects run
  // before the mount effect below, so the first mount already sees these props.
  useLayoutEffect(() => {
    latest.current = props;
  });

  const { decision, messages } = props;
  const deps = IDENTITY.map((k) => props[k]);
  // Objects written inline are new on every render: compare what they say, not their identity.
  deps.push(messages && JSON.stringify(messages), decision?.url, decision?.intervalMs,
    decision?.timeoutMs);

  useEffect(() => {
    const p = latest.current;
    const options = { messages: p.messages };
    for (const k of IDENTITY) options[k] = p[k];
    for (const k of CALLBACKS) options[k] = (e) => latest.current[k]?.(e);
    if (p.decision?.url) {
      const { url, intervalMs, timeoutMs } = p.decision;
      options.decision = { url, intervalMs, timeoutMs,
        onDecision: (e) => latest.current.decision?.onDecision?.(e) };
    }
    // Under <StrictMode> React runs this effect, its cleanup and the effect again in one go.
    // Mounting a microtask later lets that cleanup cancel the first widget before it exists —
    // before it has sent a request (an aborted fetch may already have reached the service).
    let handle = null;
    let live = true;
    queueMicrotask(() => {
      if (live) widget.current = handle = mount(host.current, options);
    });
    return () => {
      live = false;
      handle?.destroy();
      if (widget.current === handle) widget.current = null;
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  // `ref` (a plain prop since React 19): refresh(), state and decision of the live widget.
  useImperativeHandle(props.ref, () => ({
    refresh: () => widget.current?.refresh(),
    get state() {
      return widget.current ? widget.current.state : 'loading';
    },
    get decision() {
      return widget.current ? widget.current.decision : 'off';
    },
  }), []);

  // Only the host: the widget lives in its shadow root, which server HTML and hydration never see.
  return createElement('div', { ref: host, id: props.id, className: props.className,
    style: props.style });
}
