// The injected test wallet inside real Chromium (the repo's playwright-core devDependency and
// /usr/bin/chromium, as tests/web uses them; skipped when either is missing): WebCrypto in a
// page (HPKE too), the DC API call shape, user activation, a cancelled wallet, Safari's org-iso-mdoc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { makeIssuerKeys } from './issuer-keys.mjs';
import { testWalletScript } from './browser-bundle.mjs';
import { walletRequest, checkSdJwt, checkMdoc, isoMdocRequest, checkIsoMdoc } from './verify-helpers.mjs';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const playwright = await import('playwright-core').catch(() => null);
const skip = !playwright || !existsSync(executablePath) ? 'no playwright-core or Chromium' : false;

test('in Chromium: the page gets genuine presentations (both protocols), and NotAllowedError when cancelled', { skip, timeout: 60000 }, async () => {
  // 127.0.0.1 is a secure context, so crypto.subtle and navigator.credentials exist.
  // /auto calls the DC API while loading, with no user gesture (page.evaluate would count as one).
  const auto = `<script>window.autoResult = navigator.credentials.get({ digital: { requests: [{ protocol:
    'openid4vp-v1-unsigned', data: ${JSON.stringify(walletRequest('n'))} }] } }).then(() => 'ok', (e) => e.name);</script>`;
  const srv = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(req.url === '/auto' ? auto : '<button id=b>Use your digital ID</button>');
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${srv.address().port}`;
  const browser = await playwright.chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const keys = makeIssuerKeys();
    const page = await browser.newPage();
    await page.addInitScript(testWalletScript({ issuer: keys, requireUserActivation: true }));
    await page.goto(`${origin}/`);
    assert.equal(await page.evaluate(() => DigitalCredential.userAgentAllowsProtocol('openid4vp-v1-unsigned')), true);

    // The page's own click handler calls the DC API, as the widget does.
    const call = async (nonce) => {
      await page.evaluate((data) => {
        window.result = new Promise((resolve) => {
          document.getElementById('b').onclick = () => navigator.credentials
            .get({ digital: { requests: [{ protocol: 'openid4vp-v1-unsigned', data }] } })
            .then((c) => resolve({ ok: c instanceof DigitalCredential, protocol: c.protocol, data: c.data }),
              (e) => resolve({ error: e.name, isDomException: e instanceof DOMException }));
        });
      }, walletRequest(nonce));
      await page.click('#b');
      return page.evaluate(() => window.result);
    };
    let nonce = randomBytes(32).toString('base64url');
    const pid = await call(nonce);
    assert.equal(pid.ok, true);
    assert.equal(pid.protocol, 'openid4vp-v1-unsigned');
    const sd = checkSdJwt(pid.data.vp_token.pid[0], { trustedDer: keys.certificateDer, origin, nonce });
    assert.deepEqual(Object.keys(sd.checks).filter((k) => !sd.checks[k]), []);

    await page.evaluate(() => { window.__idvTestWallet.options = { format: 'mso_mdoc' }; });
    nonce = randomBytes(32).toString('base64url');
    const mdl = await call(nonce);
    const md = checkMdoc(mdl.data.vp_token.mdl[0], { trustedDer: keys.certificateDer, origin, nonce });
    assert.deepEqual(Object.keys(md.checks).filter((k) => !md.checks[k]), []);

    await page.evaluate(() => { window.__idvTestWallet.reject = 'NotAllowedError'; });
    assert.deepEqual(await call(nonce), { error: 'NotAllowedError', isDomException: true });

    // Without a user gesture the real API, and this wallet when told to, refuses.
    const fresh = await browser.newPage();
    await fresh.addInitScript(testWalletScript({ issuer: keys, requireUserActivation: true }));
    await fresh.goto(`${origin}/auto`);
    const noGesture = await fresh.evaluate(() => window.autoResult);
    assert.equal(noGesture, 'NotAllowedError');

    // Safari 26: org-iso-mdoc only; the response HPKE-sealed by Chromium's WebCrypto.
    const safari = await browser.newPage();
    await safari.addInitScript(testWalletScript({ issuer: keys, protocols: ['org-iso-mdoc'] }));
    await safari.goto(`${origin}/`);
    const request = isoMdocRequest();
    const out = await safari.evaluate(async (data) => ({
      allows: [DigitalCredential.userAgentAllowsProtocol('org-iso-mdoc'), DigitalCredential.userAgentAllowsProtocol('openid4vp-v1-unsigned')],
      cred: await navigator.credentials.get({ digital: { requests: [{ protocol: 'org-iso-mdoc', data }] } })
        .then((c) => ({ protocol: c.protocol, data: c.data })),
    }), request.data);
    assert.deepEqual(out.allows, [true, false]);
    assert.equal(out.cred.protocol, 'org-iso-mdoc');
    const iso = checkIsoMdoc(out.cred.data, { request, origin, trustedDer: keys.certificateDer });
    assert.deepEqual(Object.keys(iso.checks).filter((k) => !iso.checks[k]), []);
  } finally {
    await browser.close();
    srv.close();
  }
});
