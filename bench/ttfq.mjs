// 3. Time to first QR in Chromium: navigation start → QR painted, median of N loads, cold cache
// (a new browser context per load) and warm cache (one context, script and wasm from the HTTP
// cache), broken down with Resource Timing and the marks of lib/probe.js. The tracking endpoint
// is the reference service on another origin (CORS preflight included, as on a merchant's page).
// The minimal qrcode / lean-qr pages are loaded the same way for comparison (no network step:
// they only draw a fixed URL).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/web/helpers/browser.mjs';
import { bundleAlternative } from './bundle.mjs';
import { benchDir, median, quantile } from './lib/util.mjs';

const probe = readFileSync(join(benchDir, 'lib/probe.js'), 'utf8');

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

async function measureLoad(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('bench:qr-painted').length > 0, null, { timeout: 20000, polling: 20 });
  return page.evaluate(() => {
    const m = (n) => { const e = performance.getEntriesByName('bench:' + n); return e.length ? e[e.length - 1].startTime : null; };
    const first = (n) => { const e = performance.getEntriesByName('bench:' + n); return e.length ? e[0].startTime : null; };
    const res = performance.getEntriesByType('resource');
    const r = (s) => res.find((e) => e.name.includes(s));
    const js = r('idv-widget.js') || r('.bundle.js');
    const wasm = r('idv-widget.wasm');
    const track = r('/v1/tracking/');
    const core = performance.getEntriesByName('bench:core-first-qr')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    const total = m('qr-painted');
    if (!wasm) return { total, seg: { 'html + script': js ? js.responseEnd : null, 'script → QR painted': js ? total - js.responseEnd : null } };
    const coreStart = core.startTime;
    const coreEnd = core.startTime + core.duration;
    const seg = {
      'html + script': js.responseEnd,
      'script run → wasm request': wasm.startTime - js.responseEnd,
      'wasm fetch': wasm.responseEnd - wasm.startTime,
      'wasm compile (after last byte)': m('compile-end') - wasm.responseEnd,
      'instantiate + runtime start': first('tracker-start') - m('compile-end'),
      'core start → tracking fetch': first('tracking-fetch-call') - first('tracker-start'),
      'tracking request (incl. CORS preflight)': track.responseEnd - first('tracking-fetch-call'),
      'response → core call': coreStart - track.responseEnd,
      'core: first response incl. QR encode': core.duration,
      'render → painted': total - coreEnd,
    };
    return { total, seg, wasmFromCache: wasm.transferSize === 0, scriptFromCache: js.transferSize === 0,
      compileCall: m('compile-end') - first('compile-start') };
  });
}

function summarise(loads) {
  const stat = (v) => ({ median: median(v), p95: quantile(v, 0.95) });
  const out = { n: loads.length, total: stat(loads.map((l) => l.total)), segments: {} };
  for (const k of Object.keys(loads[0].seg)) out.segments[k] = stat(loads.map((l) => l.seg[k]));
  if ('compileCall' in loads[0]) out.compileCall = stat(loads.map((l) => l.compileCall));
  out.wasmFromCache = loads.filter((l) => l.wasmFromCache).length;
  out.scriptFromCache = loads.filter((l) => l.scriptFromCache).length;
  return out;
}

async function series(browser, url, n, cold) {
  const loads = [];
  if (cold) {
    for (let i = 0; i < n; i++) {
      const ctx = await browser.newContext();
      await ctx.addInitScript(probe);
      const page = await ctx.newPage();
      loads.push(await measureLoad(page, url));
      await ctx.close();
    }
  } else {
    const ctx = await browser.newContext();
    await ctx.addInitScript(probe);
    const page = await ctx.newPage();
    await measureLoad(page, url); // fills the cache
    await measureLoad(page, url);
    for (let i = 0; i < n; i++) loads.push(await measureLoad(page, url));
    await ctx.close();
  }
  return summarise(loads);
}

export async function benchTtfq({ backend, staticServer, loads = 20, browser }) {
  const s = await backend.session(); // one PENDING reference, shown on every load
  const q = new URLSearchParams({ ref: s.ref, api: s.apiBase, portal: s.portalOrigin, longPoll: '1' });
  const widgetUrl = `${staticServer.origin}/pages/widget.html?${q}`;
  const out = { loads, backend: backend.kind };
  out.widget = { cold: await series(browser, widgetUrl, loads, true), warm: await series(browser, widgetUrl, loads, false) };
  for (const [name, entry] of [['qrcode', 'alt-qrcode'], ['lean-qr', 'alt-lean-qr']]) {
    await bundleAlternative(`${entry}.js`);
    const url = `${staticServer.origin}/pages/${entry}.html`;
    out[name] = { cold: await series(browser, url, loads, true), warm: await series(browser, url, loads, false) };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBackend } = await import('./lib/backend.mjs');
  const { startStatic } = await import('./lib/static-server.mjs');
  const backend = await startBackend();
  const staticServer = await startStatic();
  const browser = await launchBrowser();
  try {
    console.log(JSON.stringify(await benchTtfq({ backend, staticServer, loads: 5, browser }), null, 1));
  } finally {
    await browser.close(); await staticServer.close(); await backend.close();
  }
}
