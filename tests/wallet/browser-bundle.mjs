// Node-only: the test wallet as one self-contained classic script for a page (Playwright
// `page.addInitScript(script)`, or a <script> element). No bundler: each module becomes a function
// scope returning its exports, `export` keywords removed and `import {a} from './m.mjs'` turned
// into `const {a} = modules['m.mjs']`.
import { readFileSync } from 'node:fs';

const here = (f) => new URL(f, import.meta.url);
const MODULES = ['cbor.mjs', 'hpke.mjs', 'test-wallet.mjs'];

function wrap(file) {
  const source = readFileSync(here(file), 'utf8');
  const names = [...source.matchAll(/^export (?:async )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]);
  const body = source
    .replace(/^import (\{[^}]*\}) from '\.\/([\w.-]+)';$/gm, 'const $1 = modules[\'$2\'];')
    .replace(/^export (?=(?:async )?(?:function|class|const|let) )/gm, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`${file}: an import/export the bundler cannot inline`);
  return { names, text: `modules['${file}'] = (() => {\n${body}\nreturn { ${names.join(', ')} };\n})();\n` };
}

/** An IIFE that defines `globalThis.IdvTestWallet` = every export of cbor.mjs, hpke.mjs and test-wallet.mjs. */
export function walletLibrarySource() {
  const parts = MODULES.map(wrap);
  return `(() => {\n'use strict';\nconst modules = {};\n${parts.map((p) => p.text).join('')}` +
    `globalThis.IdvTestWallet = Object.assign({}, ...Object.values(modules));\n})();\n`;
}

/**
 * The library plus its installation: `navigator.credentials.get` answered by a wallet issued by
 * `issuer` ({certificateDer: Uint8Array | base64, privateJwk}). Optional: deviceKey (private JWK),
 * claims, now (ms), origin (default the frame's), protocols (what the browser speaks: default
 * ['openid4vp-v1-unsigned']; ['org-iso-mdoc'] for Safari 26, both for Chrome), options ({format,
 * tamper}), reject (a DOMException name), requireUserActivation. The controller is `window.__idvTestWallet`;
 * page.evaluate can change its options / reject between calls.
 */
export function testWalletScript({ issuer, deviceKey, claims, now, origin, protocols, options, reject, requireUserActivation } = {}) {
  const der = issuer.certificateDer;
  const cfg = {
    issuer: { certificateDer: typeof der === 'string' ? der : Buffer.from(der).toString('base64'), privateJwk: issuer.privateJwk },
    wallet: { deviceKey, claims, now }, origin: origin ?? null,
    controller: { options: options ?? {}, reject: reject ?? null, requireUserActivation: !!requireUserActivation,
      ...(protocols ? { protocols } : {}) },
  };
  return `${walletLibrarySource()}(() => {
  const cfg = ${JSON.stringify(cfg)};
  const W = globalThis.IdvTestWallet;
  const wallet = W.createTestIssuer(cfg.issuer).then((issuer) =>
    W.createTestWallet({ issuer, deviceKey: cfg.wallet.deviceKey, claims: cfg.wallet.claims, now: cfg.wallet.now ?? Date.now }));
  const c = W.installTestWallet(window, wallet, cfg.origin || undefined);
  Object.assign(c, cfg.controller);
})();\n`;
}
