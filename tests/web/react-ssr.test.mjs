// Server-side rendering: every entry of the package can be imported (or evaluated) in plain
// node — no window, no document — without throwing and without a request, and react-dom/server
// renders <IdvWidget> to its host <div>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { createElement, StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { repoRoot } from './helpers/server.mjs';

// Any request made while importing or rendering is recorded (and fails).
const requests = [];
const realFetch = globalThis.fetch;
const spy = (url) => {
  requests.push(String(url));
  return Promise.reject(new Error('no requests on the server'));
};
// React reports misuse (hooks, layout effects, bad props) on console.error.
const consoleErrors = [];
const realError = console.error;
before(() => {
  globalThis.fetch = spy;
  console.error = (...args) => consoleErrors.push(args.map(String).join(' '));
});
after(() => {
  globalThis.fetch = realFetch;
  console.error = realError;
});

test('this really is a server: no window, no document', () => {
  assert.equal(typeof window, 'undefined');
  assert.equal(typeof document, 'undefined');
});

test('importing the ES module and the React entry neither throws nor fetches', async () => {
  const core = await import(`${repoRoot}dist/idv-widget.mjs`);
  assert.equal(typeof core.mount, 'function');
  assert.equal(typeof core.defineElement, 'function');
  const react = await import(`${repoRoot}dist/idv-widget-react.mjs`);
  assert.equal(typeof react.IdvWidget, 'function');
  // The package's own names resolve to the same files (self-reference through "exports").
  assert.equal((await import('idv-widget')).mount, core.mount);
  assert.equal((await import('idv-widget/react')).IdvWidget, react.IdvWidget);
  await new Promise((r) => setTimeout(r, 50)); // a deferred preload would show up by now
  assert.deepEqual(requests, []);
});

test('evaluating the classic script defines IdvWidget and fetches nothing', () => {
  const src = readFileSync(`${repoRoot}dist/idv-widget.js`, 'utf8');
  // Node's globals (a server has TextEncoder, URL, …), with the spy for fetch.
  const sandbox = { URL, TextEncoder, TextDecoder, AbortController, queueMicrotask, setTimeout,
    clearTimeout, console, fetch: spy };
  runInNewContext(src, sandbox, { filename: 'idv-widget.js' });
  assert.equal(typeof sandbox.IdvWidget.mount, 'function');
  assert.deepEqual(requests, []);
});

test('react-dom/server renders the host <div> (props passed through), under StrictMode', async () => {
  const { IdvWidget } = await import('idv-widget/react');
  const html = renderToString(createElement(StrictMode, null, createElement(IdvWidget, {
    trackingReference: '3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10',
    apiBase: 'https://verify.example.com',
    id: 'verify',
    className: 'checkout-verify',
    style: { minHeight: 416 },
    messages: { 'action.verify': 'Continue here' },
    decision: { url: '/orders/1/decision', onDecision() {} },
    onSuccess() {},
    onError() {},
  })));
  assert.equal(html, '<div id="verify" class="checkout-verify" style="min-height:416px"></div>');
  assert.deepEqual(requests, [], 'effects do not run on the server: nothing mounts, nothing fetched');
  assert.deepEqual(consoleErrors, [], 'React reported no misuse');
});
