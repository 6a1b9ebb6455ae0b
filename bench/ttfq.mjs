// 3. Time to first QR in Chromium: navigation start → QR painted, median of N loads, cold cache
// (a new browser context per load) and warm cache (one context, script and wasm from the HTTP
// cache), broken down with Resource Timing and the marks of lib/probe.js. The tracking endpoint
// is the reference service on another origin (CORS preflight included, as on a merchant's page).
// The minimal qrcode / lean-qr pages are loaded the same way for comparison (no network step:
// they only draw a fixed URL). Pages: widget.html (script tag only), widget-preload.html (plus
// <link rel=preload> of the wasm, docs/widget-api.md "Loading fast"), alt-qrcode, alt-lean-qr.
// Also per load: CLS until the QR is painted (content sits below the widget, so a widget that
// grows moves it) and how many tracking GETs started before the first QR (1 = no duplicate).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/web/helpers/browser.mjs';
import { bundleAlternative } from './bundle.mjs';
import { benchDir, buildDir, fmtNum, log, median, quantile } from './lib/util.mjs';

const probe = readFileSync(join(benchDir, 'lib/probe.js'), 'utf8');

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

async function measureLoad(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('bench:qr-painted').length > 0, null, { timeout: 20000, polling: 20 });
  // Layout-shift entries reach the observer after their frame: give it two more frames.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 0)))));
  return page.evaluate(() => {
    const m = (n) => { const e = performance.getEntriesByName('bench:' + n); return e.length ? e[e.length - 1].startTime : null; };
    const first = (n) => { const e = performance.getEntriesByName('bench:' + n); return e.length ? e[0].startTime : null; };
    const res = performance.getEntriesByType('resource');
    const r = (s) => res.find((e) => e.name.includes(s));
    const js = r('idv-widget.js') || r('.bundle.js');
    const wasm = r('idv-widget.wasm');
    const total = m('qr-painted');
    const cls = window.benchCls();
    if (!wasm) return { total, cls, seg: { 'html + script': js.responseEnd, 'script → QR painted': total - js.responseEnd } };
    const core = performance.getEntriesByName('bench:core-first-qr')[0];
    const coreStart = core.startTime;
    const coreEnd = core.startTime + core.duration;
    // Tracking GETs that had started before the core's first QR: 1 unless a request was doubled.
    const tracks = res.filter((e) => e.name.includes('/v1/tracking/') && e.startTime < coreStart);
    const track = tracks[0];
    const ready = first('tracker-start'); // wasm downloaded, compiled, instantiated; runtime started
    // Two paths run side by side since issue 10 — the wasm (request → compile → runtime) and the
    // first tracking request — and the QR needs both. `seg` adds up to the total for each load;
    // `info` shows each path's own steps (they overlap, so they do not add up).
    const seg = {
      'html + script': js.responseEnd,
      'script → core ready': ready - js.responseEnd,
      'core ready → tracking response': Math.max(0, track.responseEnd - ready),
      'response → core call': coreStart - Math.max(ready, track.responseEnd),
      'core: first response incl. QR encode': core.duration,
      'render → painted': total - coreEnd,
    };
    const info = {
      'wasm request (vs script end)': wasm.startTime - js.responseEnd,
      'wasm fetch': wasm.responseEnd - wasm.startTime,
      'wasm compile (after last byte)': m('compile-end') - wasm.responseEnd,
      'instantiate + runtime start': ready - m('compile-end'),
      'tracking fetch call (vs core ready)': first('tracking-fetch-call') - ready,
      'tracking request (incl. CORS preflight)': track.responseEnd - first('tracking-fetch-call'),
    };
    return { total, cls, seg, info, trackingGets: tracks.length,
      wasmFromCache: wasm.transferSize === 0, scriptFromCache: js.transferSize === 0 };
  });
}

function summarise(loads) {
  const stat = (v) => ({ median: median(v), p95: quantile(v, 0.95) });
  const out = { n: loads.length, total: stat(loads.map((l) => l.total)), segments: {} };
  for (const k of Object.keys(loads[0].seg)) out.segments[k] = stat(loads.map((l) => l.seg[k]));
  if (loads[0].info) {
    out.info = {};
    for (const k of Object.keys(loads[0].info)) out.info[k] = stat(loads.map((l) => l.info[k]));
    out.trackingGetsMax = Math.max(...loads.map((l) => l.trackingGets));
  }
  for (const k of ['page', 'widget']) {
    const v = loads.map((l) => l.cls[k]);
    out[k === 'page' ? 'clsPage' : 'cls'] = { median: median(v), max: Math.max(...v) };
  }
  out.wasmFromCache = loads.filter((l) => l.wasmFromCache).length;
  out.scriptFromCache = loads.filter((l) => l.scriptFromCache).length;
  return out;
}

// The pages are loaded in turn (A B C D A B C D …), not one series after the other, so that a
// noisy neighbour on this shared machine slows all of them alike and the ratios stay fair.
async function newPage(browser, rttMs) {
  const ctx = await browser.newContext(); // a new, empty HTTP cache
  await ctx.addInitScript(probe);
  const page = await ctx.newPage();
  if (rttMs) {
    // Chromium's network emulation: every request waits one round trip more (as on a phone).
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: rttMs, downloadThroughput: -1, uploadThroughput: -1 });
  }
  return { ctx, page };
}

async function coldSeries(browser, urls, n, rttMs) {
  const loads = urls.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, url] of urls.entries()) {
      const { ctx, page } = await newPage(browser, rttMs);
      loads[k].push(await measureLoad(page, url));
      await ctx.close();
    }
  }
  return loads.map(summarise);
}

async function warmSeries(browser, urls, n, rttMs) {
  const pages = [];
  for (const url of urls) {
    const { ctx, page } = await newPage(browser, rttMs);
    await measureLoad(page, url); // fills the cache
    await measureLoad(page, url);
    pages.push({ ctx, page });
  }
  const loads = urls.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, url] of urls.entries()) loads[k].push(await measureLoad(pages[k].page, url));
  }
  for (const { ctx } of pages) await ctx.close();
  return loads.map(summarise);
}

export const TTFQ_PAGES = ['widget', 'widget-preload', 'qrcode', 'lean-qr'];

// `baselines`: { name: dist folder } — other builds of the widget (e.g. the last commit's) loaded
// in the same interleaved run through a copy of widget.html, for a before/after on one noisy
// machine. Only `node bench/ttfq.mjs --baseline=name=/path/to/dist` uses it.
function baselinePage(name, dist) {
  const dir = join(buildDir, 'pages', name);
  mkdirSync(dir, { recursive: true });
  for (const f of ['idv-widget.js', 'idv-widget.wasm']) copyFileSync(join(dist, f), join(dir, f));
  const html = readFileSync(join(benchDir, 'pages/widget.html'), 'utf8').replace('/dist/idv-widget.js', `/built/${name}/idv-widget.js`);
  writeFileSync(join(buildDir, 'pages', `${name}.html`), html);
  return `/built/${name}.html`;
}

// `rttMs`: emulated round-trip time per request (0: loopback as is).
export async function benchTtfq({ backend, staticServer, loads = 20, browser, baselines = {}, rttMs = 0 }) {
  const s = await backend.session(); // one PENDING reference, shown on every load
  const q = new URLSearchParams({ ref: s.ref, api: s.apiBase, portal: s.portalOrigin, longPoll: '1' });
  const pages = {
    widget: `/pages/widget.html?${q}`,
    'widget-preload': `/pages/widget-preload.html?${q}`, // + <link rel=preload> of the wasm
  };
  for (const [name, dist] of Object.entries(baselines)) pages[name] = `${baselinePage(name, dist)}?${q}`;
  for (const [name, entry] of [['qrcode', 'alt-qrcode'], ['lean-qr', 'alt-lean-qr']]) {
    await bundleAlternative(`${entry}.js`);
    pages[name] = `/pages/${entry}.html`;
  }
  const names = Object.keys(pages);
  const urls = names.map((n) => staticServer.origin + pages[n]);
  const out = { loads, rttMs, backend: backend.kind, pages: names };
  const cold = await coldSeries(browser, urls, loads, rttMs);
  const warm = await warmSeries(browser, urls, loads, rttMs);
  names.forEach((name, k) => { out[name] = { cold: cold[k], warm: warm[k] }; });
  // Issue 10's goal: the widget's median time to first QR ≤ 1.1 × the lean-qr page's.
  out.ratioToLeanQr = {};
  for (const name of names.filter((n) => !['qrcode', 'lean-qr'].includes(n))) {
    out.ratioToLeanQr[name] = Object.fromEntries(['cold', 'warm'].map((mode) =>
      [mode, out[name][mode].total.median / out['lean-qr'][mode].total.median]));
  }
  // bench/run.mjs's table has one row per page and mode; the ratios and CLS are printed here.
  for (const line of ttfqSummary(out)) log(`ttfq${rttMs ? ` (RTT ${rttMs} ms)` : ''}`, line);
  return out;
}

/**
 * The wasm compile alone: Chromium on an empty page (wasm-compile.html, a new context per load)
 * against node's V8 compiling the same bytes. Shows how much of the widget's "compile after the
 * last byte" is the engine's own pipeline rather than the widget's page.
 */
export async function benchWasmCompile({ staticServer, browser, loads = 20 }) {
  const chromium = [];
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${staticServer.origin}/pages/wasm-compile.html`);
    await page.waitForFunction(() => window.benchCompile, null, { timeout: 20000 });
    chromium.push((await page.evaluate(() => window.benchCompile)).afterLastByte);
    await ctx.close();
  }
  const bytes = readFileSync(join(benchDir, '../dist/idv-widget.wasm'));
  await WebAssembly.compile(bytes); // warm-up: node's first compile also loads the engine
  const node = [];
  for (let i = 0; i < loads; i++) {
    const t = performance.now();
    await WebAssembly.compile(bytes);
    node.push(performance.now() - t);
  }
  const stat = (v) => ({ median: median(v), p95: quantile(v, 0.95), min: Math.min(...v) });
  return { loads, wasmBytes: bytes.length, chromiumAfterLastByte: stat(chromium), node: stat(node) };
}

/** One line per page and cache mode: median, p95, ratio to lean-qr, CLS (printed by the bench). */
export function ttfqSummary(r) {
  const lines = [];
  for (const name of r.pages) {
    for (const mode of ['cold', 'warm']) {
      const x = r[name][mode];
      const ratio = x.total.median / r['lean-qr'][mode].total.median;
      const widget = x.trackingGetsMax != null;
      const cls = (c) => `${fmtNum(c.median, 4)} (max ${fmtNum(c.max, 4)})`;
      lines.push(`${name.padEnd(15)} ${mode}  median ${fmtNum(x.total.median).padStart(6)} ms  p95 ${fmtNum(x.total.p95, 0).padStart(4)} ms`
        + `  ×${fmtNum(ratio, 2)} lean-qr  CLS ${widget ? `mount→QR ${cls(x.cls)}, ` : ''}page ${cls(x.clsPage)}`
        + (widget ? `  tracking GETs before the QR ≤ ${x.trackingGetsMax}` : ''));
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBackend } = await import('./lib/backend.mjs');
  const { startStatic } = await import('./lib/static-server.mjs');
  const backend = await startBackend();
  const staticServer = await startStatic();
  const browser = await launchBrowser();
  try {
    // node bench/ttfq.mjs [--loads=N] [--json] [--rtt=ms] [--baseline=name=/path/to/dist …]:
    // this section alone, with more samples on a noisy machine, optionally beside other builds
    // or with an emulated round-trip time.
    const loads = Number((process.argv.find((a) => a.startsWith('--loads=')) || '--loads=5').slice(8));
    const baselines = Object.fromEntries(process.argv.filter((a) => a.startsWith('--baseline='))
      .map((a) => a.slice(11).split('=')));
    const rttMs = Number((process.argv.find((a) => a.startsWith('--rtt=')) || '--rtt=0').slice(6));
    const r = await benchTtfq({ backend, staticServer, loads, browser, baselines, rttMs });
    if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 1));
  } finally {
    await browser.close(); await staticServer.close(); await backend.close();
  }
}
