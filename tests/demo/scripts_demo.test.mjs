// scripts/demo as a visitor runs it (minus setup and build, which scripts/test has done):
// both servers come up on the given loopback ports, the URLs are printed, the credentials are
// generated into the data folder (mode 600), and Ctrl-C stops everything cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { freePort, merchantBin, repoRoot, requireBinary, serviceBin, tempDir, waitFor } from './helpers.mjs';

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
