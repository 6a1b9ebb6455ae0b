// Chromium (Debian's, via playwright-core) for the end-to-end tests, plus page helpers that
// look into the widget's (open) shadow root.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Opens a test page (widget.html, element.html, esm.html) with widget options as query. */
export async function open(browser, srv, query = {}, page = 'widget.html') {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.error(`[page] ${e.message}`));
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  await p.goto(`${srv.origin}/pages/${page}?${qs}`);
  return p;
}

/** Resolves when the widget's container shows `state` (data-state set by the view). */
export function waitState(page, state, host = '#verify, idv-widget', timeout = 10000) {
  return page.waitForFunction(
    ([sel, s]) => document.querySelector(sel)?.shadowRoot?.querySelector('.idv')?.dataset.state === s,
    [host, state],
    { timeout, polling: 25 },
  );
}

/** Texts and attributes of the rendered widget, for assertions. */
export function snapshot(page, host = '#verify, idv-widget') {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const q = (s) => root.querySelector(s);
    const shown = (n) => !!n && !n.hasAttribute('hidden');
    return {
      state: q('.idv').dataset.state,
      status: q('.status').textContent,
      detail: shown(q('.detail')) ? q('.detail').textContent : '',
      live: q('[aria-live]').textContent,
      qr: shown(q('svg')) ? q('svg path').getAttribute('d') : null,
      verifyHref: shown(q('.verify')) ? q('.verify').getAttribute('href') : null,
      hrefs: [...root.querySelectorAll('[href]')].map((a) => a.getAttribute('href')),
      retry: shown(q('.retry')),
      code: shown(q('.code')) ? q('.code').textContent : null,
      shortCode: shown(q('.code')) ? q('.code .value:last-child').textContent : null,
      match: shown(q('.match')) ? q('.match .value').textContent : null,
    };
  }, host);
}

/** Events recorded by the test page (window.idvLog.events), optionally of one type. */
export async function events(page, type) {
  const all = await page.evaluate(() => window.idvLog.events);
  return type ? all.filter((e) => e.type === type) : all;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns truthy (node side). */
export async function until(fn, timeout = 10000, what = 'condition') {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
