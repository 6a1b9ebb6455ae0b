// 4. Phase 1 detection latency (the portal's COMPLETED → onSuccess in the page), p50/p95 over N
// sessions, with plain polling and with long-poll; and tracking requests per minute per idle
// widget (counted by a pass-through proxy in front of the service, CORS preflights included).
import { createServer, request } from 'node:http';
import { median, quantile, sleep } from './lib/util.mjs';

async function waitState(page, state, timeout = 15000) {
  await page.waitForFunction((s) => document.querySelector('#verify')?.shadowRoot?.querySelector('.idv')?.dataset.state === s,
    state, { timeout, polling: 20 });
}

async function oneSession(context, backend, staticOrigin, longPoll) {
  const s = await backend.session();
  const q = new URLSearchParams({ ref: s.ref, api: s.apiBase, portal: s.portalOrigin, longPoll: longPoll ? '1' : '0' });
  const page = await context.newPage();
  try {
    await page.goto(`${staticOrigin}/pages/widget.html?${q}`);
    await waitState(page, 'awaitingScan');
    await backend.open(s.ref);
    await waitState(page, 'customerActive');
    await sleep(Math.random() * 2500); // decorrelate from the poll phase
    const completedAt = await backend.complete(s.ref);
    await page.waitForFunction(() => window.benchLog.success != null, null, { timeout: 15000, polling: 10 });
    const successAt = await page.evaluate(() => window.benchLog.success);
    return successAt - completedAt;
  } finally {
    await page.close();
  }
}

async function latency(browser, backend, staticOrigin, longPoll, sessions, concurrency) {
  const context = await browser.newContext();
  const values = [];
  let next = 0;
  const worker = async () => {
    while (next < sessions) {
      next++;
      values.push(await oneSession(context, backend, staticOrigin, longPoll));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await context.close();
  return { n: values.length, p50: median(values), p95: quantile(values, 0.95), max: Math.max(...values), values };
}

/** A pass-through HTTP proxy that timestamps every request by reference and method. */
async function countingProxy(target) {
  const log = [];
  const t = new URL(target);
  const sockets = new Set();
  const server = createServer((req, res) => {
    log.push({ at: Date.now(), method: req.method, url: req.url });
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.destroy(); });
    req.pipe(up);
    res.on('close', () => up.destroy());
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    log,
    close() { for (const s of sockets) s.destroy(); return new Promise((ok) => server.close(ok)); },
  };
}

async function idleRate(browser, backend, staticOrigin, { widgets, windowMs }) {
  const proxy = await countingProxy(backend.base);
  const context = await browser.newContext();
  const pages = [];
  const refs = { plain: [], longPoll: [] };
  try {
    for (const mode of ['plain', 'longPoll']) {
      for (let i = 0; i < widgets; i++) {
        const s = await backend.session();
        const q = new URLSearchParams({ ref: s.ref, api: proxy.origin, portal: s.portalOrigin, longPoll: mode === 'plain' ? '0' : '1' });
        const page = await context.newPage();
        await page.goto(`${staticOrigin}/pages/widget.html?${q}`);
        pages.push(page);
        refs[mode].push(s.ref);
      }
    }
    for (const p of pages) await waitState(p, 'awaitingScan');
    const from = Date.now();
    await sleep(windowMs);
    const to = Date.now();
    const out = {};
    for (const mode of ['plain', 'longPoll']) {
      let gets = 0;
      let preflights = 0;
      const intervals = [];
      for (const ref of refs[mode]) {
        const mine = proxy.log.filter((e) => e.url.includes(ref) && e.at >= from && e.at < to);
        const g = mine.filter((e) => e.method === 'GET');
        gets += g.length;
        preflights += mine.filter((e) => e.method === 'OPTIONS').length;
        for (let i = 1; i < g.length; i++) intervals.push(g[i].at - g[i - 1].at);
      }
      const minutes = (to - from) / 60000;
      out[mode] = {
        widgets,
        windowS: (to - from) / 1000,
        getsPerMinPerWidget: gets / widgets / minutes,
        preflightsPerMinPerWidget: preflights / widgets / minutes,
        meanIntervalS: intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length / 1000 : null,
        getsPerMinFromInterval: intervals.length ? 60000 / (intervals.reduce((a, b) => a + b, 0) / intervals.length) : null,
      };
    }
    return out;
  } finally {
    await context.close();
    await proxy.close();
  }
}

export async function benchPhase1({ backend, staticServer, browser, sessions = 12, concurrency = 3, idleWidgets = 3, idleWindowMs = 60000 }) {
  const out = { backend: backend.kind, sessions };
  out.plain = await latency(browser, backend, staticServer.origin, false, sessions, concurrency);
  out.longPoll = await latency(browser, backend, staticServer.origin, true, sessions, concurrency);
  out.idle = await idleRate(browser, backend, staticServer.origin, { widgets: idleWidgets, windowMs: idleWindowMs });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBackend } = await import('./lib/backend.mjs');
  const { startStatic } = await import('./lib/static-server.mjs');
  const { launchBrowser } = await import('./ttfq.mjs');
  const backend = await startBackend();
  const staticServer = await startStatic();
  const browser = await launchBrowser();
  try {
    const r = await benchPhase1({ backend, staticServer, browser, sessions: 6, idleWidgets: 2, idleWindowMs: 30000 });
    console.log(JSON.stringify(r, null, 1));
  } finally {
    await browser.close(); await staticServer.close(); await backend.close();
  }
}
