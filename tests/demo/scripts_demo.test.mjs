// scripts/demo as a visitor runs it (minus setup and build, which scripts/test has done):
// both servers come up on the given loopback ports, the URLs are printed, the credentials are
// generated into the data folder (mode 600), and Ctrl-C stops everything cleanly.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { freePort, merchantBin, repoRoot, requireBinary, serviceBin, tempDir, waitFor } from './helpers.mjs';
import { createTestIssuer, createTestWallet, PROTOCOL } from '../wallet/test-wallet.mjs';

test('scripts/demo starts both servers, prints the URLs, stops on Ctrl-C', async () => {
  requireBinary(serviceBin);
  requireBinary(merchantBin);
  const data = tempDir();
  const [sp, mp] = [await freePort(), await freePort()];
  const child = spawn(path.join(repoRoot, 'scripts/demo'),
    ['--no-setup', '--no-build', '--fast', '--data-dir', data.dir, '--service-port', String(sp), '--merchant-port', String(mp)],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IDV_DEMO_BIN_DIR: path.dirname(serviceBin) } });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitFor(() => out.includes('The demo is running'), { timeout: 15000, what: 'demo banner' });
    assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${mp}/`));
    assert.equal((await fetch(`http://127.0.0.1:${sp}/healthz`)).status, 200);
    const page = await fetch(`http://127.0.0.1:${mp}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Verify my identity/);
    const secrets = path.join(data.dir, 'secrets.env');
    assert.equal(statSync(secrets).mode & 0o777, 0o600);
    const env = readFileSync(secrets, 'utf8');
    assert.match(env, /^IDV_API_KEY=demo_sk_[0-9a-f]{48}$/m);
    assert.match(env, /^IDV_WEBHOOK_SECRET=whsec_\S+$/m);
    assert.ok(!out.includes(env.match(/IDV_API_KEY=(\S+)/)[1]), 'the API key is never printed');
    // The shop's back office: its password is generated into secrets.env; the banner says where.
    const admin = env.match(/^IDV_ADMIN_PASSWORD=([0-9a-f]{32})$/m);
    assert.ok(admin, 'IDV_ADMIN_PASSWORD in secrets.env');
    assert.ok(!out.includes(admin[1]), 'the admin password is never printed');
    assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${mp}/admin`));
    assert.equal((await fetch(`http://127.0.0.1:${mp}/admin`)).status, 401);
    const basic = `Basic ${Buffer.from(`admin:${admin[1]}`).toString('base64')}`;
    assert.equal((await fetch(`http://127.0.0.1:${mp}/admin`, { headers: { Authorization: basic } })).status, 200);
    // The portal's first page names the shop as the shop names itself (--merchant-name).
    const inviteOne = async () => {
      const invited = await fetch(`http://127.0.0.1:${sp}/v1/user/invite`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${env.match(/^IDV_API_KEY=(\S+)$/m)[1]}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ referenceData: 'order-name', webhookUrl: `http://127.0.0.1:${mp}/webhooks/idv` }),
      });
      assert.equal(invited.status, 201);
      return invited.json();
    };
    let session = await inviteOne();
    const consent = await (await fetch(`${session.portalUrl}?lang=en`)).text();
    assert.match(consent, /your identity for <strong class="merchant-name">Northwind Cycles<\/strong>/);
    // The wallet path: a demo issuer made at the first start (its key private), its certificate
    // trusted, the shop's origin allowed — a credential it signed completes the session.
    session = await inviteOne();  // the portal's page above started the first one
    const issuerDir = path.join(data.dir, 'wallet-issuer');
    assert.equal(statSync(path.join(issuerDir, 'key.pem')).mode & 0o777, 0o600);
    const certificatePem = readFileSync(path.join(issuerDir, 'certificate.pem'), 'utf8');
    assert.equal(readFileSync(path.join(data.dir, 'wallet-trust/demo-issuer.pem'), 'utf8'), certificatePem);
    const tracking = await (await fetch(`http://127.0.0.1:${sp}/v1/tracking/${session.trackingReference}`)).json();
    assert.equal(tracking.walletProtocols, `${PROTOCOL} org-iso-mdoc`);
    const shop = `http://127.0.0.1:${mp}`;
    const post = async (which, body) => (await fetch(`http://127.0.0.1:${sp}/v1/wallet/${session.trackingReference}/${which}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: shop }, body: JSON.stringify(body) })).json();
    const issuer = await createTestIssuer({
      certificateDer: new Uint8Array(new X509Certificate(certificatePem).raw),
      privateJwk: createPrivateKey(readFileSync(path.join(issuerDir, 'key.pem'))).export({ format: 'jwk' }),
    });
    const credential = await (await createTestWallet({ issuer })).present(await post('request', { protocol: PROTOCOL }), shop);
    assert.deepEqual(await post('response', credential), { status: 'COMPLETED' });
  } finally {
    process.kill(-child.pid, 'SIGINT');  // what Ctrl-C does: the whole process group
    const { code } = await exited;
    data.cleanup();
    assert.equal(code, 0, out);
  }
  assert.match(out, /demo: stopped/);
  await assert.rejects(fetch(`http://127.0.0.1:${sp}/healthz`), 'service is down');
  await assert.rejects(fetch(`http://127.0.0.1:${mp}/`), 'merchant is down');
});

// --postgres: a cluster in the data folder (as the user postgres when run as root), two service
// instances on one database, and Ctrl-C stops all of it, the cluster included.
test('scripts/demo --postgres: two instances on a local cluster, all stopped on Ctrl-C', { timeout: 90000 }, async () => {
  requireBinary(serviceBin);
  requireBinary(merchantBin);
  const data = tempDir();
  const [sp, sp2, mp] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(path.join(repoRoot, 'scripts/demo'),
    ['--no-setup', '--no-build', '--fast', '--postgres', '--data-dir', data.dir, '--service-port', String(sp),
      '--second-service-port', String(sp2), '--merchant-port', String(mp)],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IDV_DEMO_BIN_DIR: path.dirname(serviceBin) } });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const pidFile = path.join(data.dir, 'postgres/data/postmaster.pid');
  try {
    await waitFor(() => out.includes('The demo is running'), { timeout: 60000, what: 'demo banner' });
    assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${sp2}/healthz`));
    assert.ok(existsSync(pidFile), 'the cluster runs in the data folder');
    // What one instance stores, the other serves: one database.
    const env = readFileSync(path.join(data.dir, 'secrets.env'), 'utf8');
    const key = env.match(/^IDV_API_KEY=(\S+)$/m)[1];
    const res = await fetch(`http://127.0.0.1:${sp}/v1/user/invite`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ referenceData: 'order-1', webhookUrl: `http://127.0.0.1:${mp}/webhooks/idv` }),
    });
    assert.equal(res.status, 201);
    const { trackingReference } = await res.json();
    const t = await fetch(`http://127.0.0.1:${sp2}/v1/tracking/${trackingReference}`);
    assert.equal(t.status, 200);
    assert.equal((await t.json()).status, 'PENDING');
  } finally {
    process.kill(-child.pid, 'SIGINT');
    const { code } = await exited;
    // The server removes its pid file as the last step of its shutdown.
    const stopped = !existsSync(pidFile);
    if (!stopped) execFileSync(path.join(repoRoot, 'scripts/pg-cluster'), ['stop', path.join(data.dir, 'postgres')]);
    data.cleanup();
    assert.equal(code, 0, out);
    assert.ok(stopped, 'PostgreSQL is stopped');
  }
  assert.match(out, /demo: stopped/);
  await assert.rejects(fetch(`http://127.0.0.1:${sp}/healthz`), 'instance 1 is down');
  await assert.rejects(fetch(`http://127.0.0.1:${sp2}/healthz`), 'instance 2 is down');
});
