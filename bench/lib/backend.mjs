// The verification service the browser benchmarks talk to: the demo's reference service
// (build/native/demo/idv-demo-service) when it is built, else the node test server
// (tests/web/helpers/server.mjs, which speaks the same tracking contract incl. long-poll).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startProcess } from './util.mjs';
import { makePng } from '../../tests/demo/helpers.mjs';

export const SERVICE_BIN = process.env.IDV_DEMO_SERVICE_BIN || join(repoRoot, 'build/native/demo/idv-demo-service');
export const API_KEY = 'bench_api_key_0123456789abcdef';
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

// stop() ends the process and keeps its data folder (to start it again on the same outbox:
// pass { dataDir }); close() ends it and removes the folder.
export async function startDemoService(args = [], { dataDir = mkdtempSync(join(tmpdir(), 'idv-bench-')) } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Every webhook receiver of the benchmarks is on 127.0.0.1 (invite()'s default too: the
  // discard port, refused at once), which the service refuses unless told (its SSRF rule).
  const server = await startProcess(SERVICE_BIN, ['--port', String(port), '--data-dir', dataDir, '--allow-private-webhooks', '1', ...args], {
    env: { IDV_API_KEY: API_KEY, IDV_WEBHOOK_SECRET: WEBHOOK_SECRET },
  });
  return {
    ...server, base, port, dataDir,
    async close() { await server.stop(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export async function invite(base, webhookUrl = 'http://127.0.0.1:9/hooks') {
  const res = await fetch(`${base}/v1/user/invite`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ referenceData: 'order-bench', webhookUrl }),
  });
  const json = await res.json();
  if (res.status !== 201) throw new Error(`invite answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

// A real (tiny) PNG, so the service's image sniffing accepts the uploads: the demo tests' maker.
let png;
const tinyPng = () => (png ??= makePng(16, 16, [128, 128, 128]));

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', body, redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`portal ${url} answered ${res.status}`);
}

/** Opens the portal (→ IN_PROGRESS) without finishing it. */
export async function openPortal(base, ref) {
  const page = await fetch(`${base}/p/${ref}`);
  await page.text();
  if (page.status !== 200) throw new Error(`portal answered ${page.status}`);
}

/** Walks consent → details → document → selfie; the last POST sets COMPLETED. */
export async function finishPortal(base, ref) {
  await post(`${base}/p/${ref}/consent`, new URLSearchParams({ consent: 'yes' }));
  await post(`${base}/p/${ref}/details`, new URLSearchParams({ firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-04-23' }));
  const doc = new FormData();
  doc.set('documentType', 'PASSPORT');
  doc.set('documentNumber', 'AB12345');
  doc.set('front', new Blob([tinyPng()], { type: 'image/png' }), 'front.png');
  await post(`${base}/p/${ref}/document`, doc);
  const selfie = new FormData();
  selfie.set('selfie', new Blob([tinyPng()], { type: 'image/png' }), 'selfie.png');
  await post(`${base}/p/${ref}/selfie`, selfie);
}

/** The service's own timestamp (ms) of an event kind, from the merchant events API. */
export async function eventAt(base, ref, kind) {
  const res = await fetch(`${base}/v1/user/${ref}/events`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  const json = await res.json();
  return json.events?.find((e) => e.kind === kind)?.atMs;
}

/**
 * A uniform face for the browser sections.
 *   session() → { ref, apiBase, portalOrigin }
 *   open(ref)  → the customer opens the portal (IN_PROGRESS)
 *   complete(ref) → COMPLETED; resolves with the service-side time of the transition (ms)
 */
export async function startBackend({ args = [] } = {}) {
  if (existsSync(SERVICE_BIN)) {
    const svc = await startDemoService(args);
    return {
      kind: 'demo reference service (idv-demo-service)',
      base: svc.base,
      async session() { const r = await invite(svc.base); return { ref: r.trackingReference, apiBase: svc.base, portalOrigin: svc.base }; },
      open: (ref) => openPortal(svc.base, ref),
      async complete(ref) {
        await finishPortal(svc.base, ref);
        return eventAt(svc.base, ref, 'portal.completed');
      },
      close: () => svc.close(),
    };
  }
  const { startServer } = await import('../../tests/web/helpers/server.mjs');
  const srv = await startServer();
  return {
    kind: 'node test server (tests/web/helpers/server.mjs) — demo service binary not built',
    base: srv.origin,
    async session() { return { ref: srv.track({ longPollMaxWaitSeconds: 30 }), apiBase: srv.origin, portalOrigin: srv.origin }; },
    async open(ref) { srv.update(ref, { status: 'IN_PROGRESS' }); },
    async complete(ref) { const t = Date.now(); srv.update(ref, { status: 'COMPLETED' }); return t; },
    close: () => srv.close(),
  };
}
