// The `org-iso-mdoc` protocol (ISO 18013-7 Annex C, docs/wallet.md): the wallet's sealed
// DeviceResponse opened and checked by verify-helpers.mjs (node:crypto HPKE, the dcapi
// SessionTranscript built there), every tamper breaking exactly its check, and the page side
// simulating Safari 26 (org-iso-mdoc only) and Chrome (both protocols).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import { encode, decode } from './cbor.mjs';
import { createTestIssuer, createTestWallet, installTestWallet, dcapiSessionTranscript, TAMPERS } from './test-wallet.mjs';
import { makeIssuerKeys } from './issuer-keys.mjs';
import { testWalletScript } from './browser-bundle.mjs';
import { walletRequest, isoMdocRequest, checkIsoMdoc, expectedDcapiTranscript } from './verify-helpers.mjs';

const ORIGIN = 'https://shop.example';
const keys = makeIssuerKeys();
const wallet = await createTestWallet({ issuer: await createTestIssuer(keys) });
const failing = (checks) => Object.keys(checks).filter((k) => !checks[k]);
const iso = (request) => ({ protocol: 'org-iso-mdoc', data: request.data });

async function presentIso(options, request = isoMdocRequest(), origin = ORIGIN) {
  const out = await wallet.present(iso(request), ORIGIN, options);
  assert.equal(out.protocol, 'org-iso-mdoc');
  assert.deepEqual(Object.keys(out.data), ['response']);
  return checkIsoMdoc(out.data, { request, origin, trustedDer: keys.certificateDer });
}

test('org-iso-mdoc: a genuine response decrypts and passes every mdoc check over the dcapi transcript', async () => {
  const request = isoMdocRequest();
  const r = await presentIso({}, request);
  assert.deepEqual(failing(r.checks), []);
  assert.deepEqual(Object.keys(r.checks), ['envelope', 'decrypt', 'shape', 'trusted', 'issuerSignature', 'docType',
    'digests', 'required', 'validity', 'deviceSignature']);
  assert.deepEqual(Object.keys(r.claims).sort(),
    ['age_over_18', 'birth_date', 'document_number', 'family_name', 'given_name', 'nationality']);
  assert.equal(r.enc.length, 65);
  // The plaintext is the DeviceResponse itself (no base64url inside the envelope).
  assert.equal(decode(new Uint8Array(r.plaintext)).get('version'), '1.0');
  // The transcript: [null, null, ["dcapi", bstr 32]], the same bytes on both sides.
  const t = expectedDcapiTranscript(request.data.encryptionInfo, ORIGIN);
  assert.equal(t[2][1].length, 32);
  assert.deepEqual(encode(await dcapiSessionTranscript(request.data.encryptionInfo, ORIGIN)), encode(t));
});

test('org-iso-mdoc: only the elements of the ItemsRequest are disclosed', async () => {
  const r = await presentIso({}, isoMdocRequest({ elements: ['given_name', 'age_over_18'] }));
  assert.deepEqual(Object.keys(r.claims).sort(), ['age_over_18', 'given_name']);
  assert.deepEqual(failing(r.checks), ['required']); // family_name and birth_date not asked for
});

test('org-iso-mdoc: another docType or a malformed EncryptionInfo is refused by the wallet', async () => {
  await assert.rejects(wallet.present(iso(isoMdocRequest({ docType: 'eu.europa.ec.eudi.pid.1' })), ORIGIN), /doctype not held/);
  const bad = isoMdocRequest();
  bad.data.encryptionInfo = Buffer.from(encode(['dcapi', { nonce: new Uint8Array(32) }])).toString('base64url');
  await assert.rejects(wallet.present(iso(bad), ORIGIN), /EncryptionInfo/);
  await assert.rejects(wallet.present({ protocol: 'org-iso-mdoc', data: { deviceRequest: 'x' } }, ORIGIN), /deviceRequest and encryptionInfo/);
});

// Each tamper → the one check it must break. The origin is inside the SessionTranscript, which
// is also the HPKE info, so a wrong origin already fails the decryption; wrongNonce answers
// another request (another EncryptionInfo: nonce and key), which the request's key cannot open.
const BREAKS = {
  changeClaim: 'digests', dropDisclosure: 'required', wrongNonce: 'decrypt', wrongOrigin: 'decrypt',
  expired: 'validity', badIssuerSignature: 'issuerSignature', badDeviceSignature: 'deviceSignature',
};
test('org-iso-mdoc: every tamper option is covered', () => assert.deepEqual(Object.keys(BREAKS).sort(), [...TAMPERS].sort()));
for (const [tamper, check] of Object.entries(BREAKS)) {
  test(`org-iso-mdoc tamper ${tamper}: fails ${check} only`, async () => {
    assert.deepEqual(failing((await presentIso({ tamper })).checks), [check]);
  });
}

test('org-iso-mdoc tamper wrongOrigin: sealed and device-signed genuinely, for the other origin', async () => {
  const r = await presentIso({ tamper: 'wrongOrigin' }, isoMdocRequest(), 'https://attacker.example');
  assert.deepEqual(failing(r.checks), []);
});

// ---- the page side ----

const fakeWindow = () => ({ navigator: { credentials: {} }, location: { origin: ORIGIN }, DOMException });
const both = (request) => [{ protocol: 'openid4vp-v1-unsigned', data: walletRequest(randomBytes(32).toString('base64url')) }, iso(request)];

test('installTestWallet protocols: Safari speaks only org-iso-mdoc, Chrome both, the default only OpenID4VP', async () => {
  const safari = fakeWindow();
  installTestWallet(safari, wallet, undefined, { protocols: ['org-iso-mdoc'] });
  assert.equal(safari.DigitalCredential.userAgentAllowsProtocol('org-iso-mdoc'), true);
  assert.equal(safari.DigitalCredential.userAgentAllowsProtocol('openid4vp-v1-unsigned'), false);
  const request = isoMdocRequest();
  const cred = await safari.navigator.credentials.get({ digital: { requests: both(request) } });
  assert.equal(cred.protocol, 'org-iso-mdoc');
  assert.deepEqual(failing(checkIsoMdoc(cred.data, { request, origin: ORIGIN, trustedDer: keys.certificateDer }).checks), []);
  await assert.rejects(safari.navigator.credentials.get({ digital: { requests: both(request).slice(0, 1) } }), TypeError);

  const chrome = fakeWindow();
  const ctl = installTestWallet(chrome, wallet);
  assert.equal(chrome.DigitalCredential.userAgentAllowsProtocol('org-iso-mdoc'), false);
  ctl.protocols = ['openid4vp-v1-unsigned', 'org-iso-mdoc'];
  assert.equal(chrome.DigitalCredential.userAgentAllowsProtocol('org-iso-mdoc'), true);
  // The first request the browser speaks wins.
  assert.equal((await chrome.navigator.credentials.get({ digital: { requests: both(request) } })).protocol, 'openid4vp-v1-unsigned');
  assert.equal((await chrome.navigator.credentials.get({ digital: { requests: both(request).reverse() } })).protocol, 'org-iso-mdoc');
});

test('browser bundle: testWalletScript({protocols}) simulates Safari in a fresh context', async () => {
  const script = testWalletScript({ issuer: keys, protocols: ['org-iso-mdoc'], options: { tamper: 'badDeviceSignature' } });
  const ctx = vm.createContext({ ...fakeWindow(), crypto, TextEncoder, TextDecoder, btoa, atob });
  ctx.window = ctx;
  vm.runInContext(script, ctx);
  assert.equal(ctx.DigitalCredential.userAgentAllowsProtocol('org-iso-mdoc'), true);
  assert.equal(ctx.DigitalCredential.userAgentAllowsProtocol('openid4vp-v1-unsigned'), false);
  const request = isoMdocRequest();
  const cred = await ctx.navigator.credentials.get({ digital: { requests: [iso(request)] } });
  const r = checkIsoMdoc(cred.data, { request, origin: ORIGIN, trustedDer: keys.certificateDer });
  assert.deepEqual(failing(r.checks), ['deviceSignature']);
  assert.equal(typeof ctx.IdvTestWallet.seal, 'function');
});
