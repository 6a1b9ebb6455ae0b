// The test wallet (issue 13): CBOR against RFC 8949 Appendix A, and SD-JWT / mdoc presentations
// checked by an independent node:crypto reading of docs/wallet.md (verify-helpers.mjs), with
// every tamper option breaking exactly the one check it targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { encode, decode, Tagged } from './cbor.mjs';
import { createTestIssuer, createTestWallet, installTestWallet, TAMPERS } from './test-wallet.mjs';
import { makeIssuerKeys } from './issuer-keys.mjs';
import { testWalletScript } from './browser-bundle.mjs';
import { walletRequest, checkSdJwt, checkMdoc, expectedTranscript } from './verify-helpers.mjs';

const hex = (b) => Buffer.from(b).toString('hex');
const ORIGIN = 'https://shop.example';

// ---- CBOR ----

// RFC 8949 Appendix A: [value, expected hex].
const VECTORS = [
  [0, '00'], [1, '01'], [10, '0a'], [23, '17'], [24, '1818'], [25, '1819'], [100, '1864'],
  [1000, '1903e8'], [1000000, '1a000f4240'], [1000000000000, '1b000000e8d4a51000'],
  [18446744073709551615n, '1bffffffffffffffff'], [-18446744073709551616n, '3bffffffffffffffff'],
  [-1, '20'], [-10, '29'], [-100, '3863'], [-1000, '3903e7'],
  [1.1, 'fb3ff199999999999a'], [1.5, 'f93e00'], [3.4028234663852886e38, 'fa7f7fffff'],
  [1.0e300, 'fb7e37e43c8800759c'], [5.960464477539063e-8, 'f90001'], [0.00006103515625, 'f90400'],
  [-4.1, 'fbc010666666666666'], [Infinity, 'f97c00'], [NaN, 'f97e00'], [-Infinity, 'f9fc00'],
  [false, 'f4'], [true, 'f5'], [null, 'f6'], [undefined, 'f7'],
  [new Tagged(0, '2013-03-21T20:04:00Z'), 'c074323031332d30332d32315432303a30343a30305a'],
  [new Tagged(1, 1363896240), 'c11a514b67b0'], [new Tagged(23, Uint8Array.of(1, 2, 3, 4)), 'd74401020304'],
  [new Tagged(24, Uint8Array.from(Buffer.from('6449455446', 'hex'))), 'd818456449455446'],
  [new Tagged(32, 'http://www.example.com'), 'd82076687474703a2f2f7777772e6578616d706c652e636f6d'],
  [new Uint8Array(0), '40'], [Uint8Array.of(1, 2, 3, 4), '4401020304'],
  ['', '60'], ['a', '6161'], ['IETF', '6449455446'], ['"\\', '62225c'], ['\u00fc', '62c3bc'],
  ['\u6c34', '63e6b0b4'], ['\ud800\udd51', '64f0908591'],
  [[], '80'], [[1, 2, 3], '83010203'], [[1, [2, 3], [4, 5]], '8301820203820405'],
  [Array.from({ length: 25 }, (_, i) => i + 1), '98190102030405060708090a0b0c0d0e0f101112131415161718181819'],
  [{}, 'a0'], [new Map([[1, 2], [3, 4]]), 'a201020304'], [{ a: 1, b: [2, 3] }, 'a26161016162820203'],
  [['a', { b: 'c' }], '826161a161626163'],
  [{ a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' }, 'a56161614161626142616361436164614461656145'],
];

test(`CBOR: ${VECTORS.length} RFC 8949 Appendix A vectors encode exactly and decode back`, () => {
  for (const [value, want] of VECTORS) {
    const got = hex(encode(value));
    assert.equal(got, want, `encode(${String(value)})`);
    // Decoding gives the same bytes again (maps come back as Map, so compare re-encodings).
    assert.equal(hex(encode(decode(Buffer.from(want, 'hex')))), want, `decode(${want})`);
  }
});

test('CBOR: 1-, 2-, 4- and 8-byte lengths and arguments use the shortest form', () => {
  const cases = [[24, '5818'], [255, '58ff'], [256, '590100'], [65535, '59ffff'], [65536, '5a00010000']];
  for (const [n, prefix] of cases) {
    const b = encode(new Uint8Array(n).fill(7));
    assert.equal(hex(b.subarray(0, prefix.length / 2)), prefix);
    assert.equal(b.length, prefix.length / 2 + n);
    assert.equal(decode(b).length, n);
  }
  assert.equal(hex(encode('x'.repeat(300)).subarray(0, 3)), '79012c');          // text, 2-byte length
  assert.equal(hex(encode(new Array(70000).fill(0)).subarray(0, 5)), '9a00011170'); // array, 4-byte length
  assert.equal(hex(encode(4294967296)), '1b0000000100000000');                    // 8-byte argument
  assert.equal(hex(encode(65504.5)), 'fa477fe080');                               // single, not double
  assert.equal(hex(encode(-4294967297)), '3b0000000100000000');
  assert.equal(hex(encode(new Tagged(1004, '1984-01-26'))), 'd903ec6a313938342d30312d3236'); // 2-byte tag
  assert.equal(decode(Buffer.from('3b0000000100000000', 'hex')), -4294967297);
  assert.throws(() => decode(Buffer.from('8201', 'hex')), /truncated/);
  assert.throws(() => decode(Buffer.from('0101', 'hex')), /trailing/);
});

test('CBOR: nested COSE-style maps with integer keys and byte strings round-trip', () => {
  const v = new Map([[1, 2], [-1, 1], [-2, Uint8Array.of(9, 9)], [33, [new Tagged(24, Uint8Array.of(0xa0)), null]]]);
  const b = encode(v);
  assert.equal(hex(b), 'a40102200121420909182182d81841a0f6');
  const back = decode(b);
  assert.deepEqual([...back.keys()], [1, -1, -2, 33]);
  assert.equal(back.get(33)[0].tag, 24);
  assert.deepEqual(back.get(-2), Uint8Array.of(9, 9));
});

// ---- the wallet ----

const keys = makeIssuerKeys();
const issuer = await createTestIssuer(keys);
const wallet = await createTestWallet({ issuer });
const nonce = () => randomBytes(32).toString('base64url');
const dcRequest = (n) => ({ protocol: 'openid4vp-v1-unsigned', data: walletRequest(n) });

async function presentPid(options, n = nonce()) {
  const out = await wallet.present(dcRequest(n), ORIGIN, options);
  assert.deepEqual(Object.keys(out.data.vp_token), ['pid']);
  return checkSdJwt(out.data.vp_token.pid[0], { trustedDer: keys.certificateDer, origin: ORIGIN, nonce: n });
}
async function presentMdl(options, n = nonce()) {
  const out = await wallet.present(dcRequest(n), ORIGIN, { format: 'mso_mdoc', ...options });
  assert.deepEqual(Object.keys(out.data.vp_token), ['mdl']);
  return checkMdoc(out.data.vp_token.mdl[0], { trustedDer: keys.certificateDer, origin: ORIGIN, nonce: n });
}
const failing = (checks) => Object.keys(checks).filter((k) => !checks[k]);

test('issuer keys: openssl makes a P-256 certificate whose PEM can go into a trust folder', () => {
  assert.equal(keys.privateJwk.crv, 'P-256');
  assert.match(keys.certificatePem, /^-----BEGIN CERTIFICATE-----/);
  const dir = mkdtempSync(join(tmpdir(), 'idv-trust-'));
  try {
    assert.equal(readFileSync(keys.writeTrust(dir), 'utf8'), keys.certificatePem);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('SD-JWT: a genuine PID presentation passes every check and discloses only what was asked', async () => {
  const r = await presentPid();
  assert.deepEqual(failing(r.checks), []);
  assert.deepEqual(r.claims, { given_name: 'Erika', family_name: 'Mustermann', birthdate: '1984-01-26',
    nationalities: ['DE'], '18': true, document_number: 'T22000129' });
  // age_equal_or_over.18 is an object-property disclosure inside the nested _sd.
  assert.equal(r.payload.age_equal_or_over._sd.length, 1);
  assert.deepEqual(Object.keys(r.payload.cnf.jwk).sort(), ['crv', 'kty', 'x', 'y']);
  assert.deepEqual(r.payload.cnf.jwk, wallet.deviceJwk);
  assert.equal(r.header.x5c.length, 1);
  // issuing_country / issuing_authority are in the credential (digests) but not disclosed.
  assert.equal(r.payload._sd.length, 7);
});

test('SD-JWT: only the claims of the DCQL query are disclosed', async () => {
  const data = walletRequest(nonce());
  data.dcql_query.credentials[0].claims = [{ path: ['given_name'] }];
  const out = await wallet.present({ protocol: 'openid4vp-v1-unsigned', data }, ORIGIN);
  const r = checkSdJwt(out.data.vp_token.pid[0], { trustedDer: keys.certificateDer, origin: ORIGIN, nonce: data.nonce });
  assert.deepEqual(r.claims, { given_name: 'Erika' });
  assert.deepEqual(failing(r.checks), ['required']); // family_name and birthdate not asked for
});

test('mdoc: a genuine mDL DeviceResponse passes every check and discloses only what was asked', async () => {
  const r = await presentMdl();
  assert.deepEqual(failing(r.checks), []);
  assert.deepEqual(Object.keys(r.claims).sort(),
    ['age_over_18', 'birth_date', 'document_number', 'family_name', 'given_name', 'nationality']);
  assert.equal(r.claims.birth_date.tag, 1004);
  assert.equal(r.claims.birth_date.value, '1984-01-26');
  assert.equal(r.claims.age_over_18, true);
  for (const item of r.items) assert.ok(item.get('random').length >= 16);
  assert.equal(r.mso.get('valueDigests').get('org.iso.18013.5.1').size, 8); // 2 elements not presented
  assert.equal(r.mso.get('validityInfo').get('validFrom').tag, 0);
  assert.equal(hex(r.dProt), 'a10126');
  assert.equal(hex(encode(r.deviceSigned.get('nameSpaces'))), 'd81841a0');
});

test('format: the first credential-set option by default, options.format otherwise', async () => {
  const n = nonce();
  assert.deepEqual(Object.keys((await wallet.present(dcRequest(n), ORIGIN)).data.vp_token), ['pid']);
  const data = walletRequest(n);
  data.dcql_query.credential_sets = [{ options: [['mdl'], ['pid']] }];
  assert.deepEqual(Object.keys((await wallet.present({ protocol: 'openid4vp-v1-unsigned', data }, ORIGIN)).data.vp_token), ['mdl']);
  await assert.rejects(wallet.present({ protocol: 'openid4vp-v1-signed', data }, ORIGIN), /unsupported protocol/);
  await assert.rejects(wallet.present(dcRequest(n), ORIGIN, { tamper: 'typo' }), /unknown tamper/);
});

// Each tamper option → the one check it must break (SD-JWT, mdoc).
const BREAKS = {
  changeClaim: ['digests', 'digests'],
  dropDisclosure: ['required', 'required'],
  wrongNonce: ['nonce', 'deviceSignature'],     // in mdoc the nonce lives in the signed transcript
  wrongOrigin: ['audience', 'deviceSignature'], // likewise the origin
  expired: ['validity', 'validity'],
  badIssuerSignature: ['issuerSignature', 'issuerSignature'],
  badDeviceSignature: ['deviceSignature', 'deviceSignature'],
};
test('every tamper option is covered', () => assert.deepEqual(Object.keys(BREAKS).sort(), [...TAMPERS].sort()));

for (const [tamper, [sd, md]] of Object.entries(BREAKS)) {
  test(`tamper ${tamper}: SD-JWT fails ${sd} only, mdoc fails ${md} only`, async () => {
    assert.deepEqual(failing((await presentPid({ tamper })).checks), [sd]);
    assert.deepEqual(failing((await presentMdl({ tamper })).checks), [md]);
  });
}

test('tamper wrongOrigin (mdoc): the device signature is genuine, over the other origin', async () => {
  const n = nonce();
  const out = await wallet.present(dcRequest(n), ORIGIN, { format: 'mso_mdoc', tamper: 'wrongOrigin' });
  const r = checkMdoc(out.data.vp_token.mdl[0], { trustedDer: keys.certificateDer, origin: 'https://attacker.example', nonce: n });
  assert.deepEqual(failing(r.checks), []);
});

test('tamper with a named claim: changeClaim / dropDisclosure hit that claim', async () => {
  const changed = await presentPid({ tamper: { changeClaim: 'birthdate' } });
  assert.equal(changed.claims.birthdate, '1984-01-26X');
  assert.equal(changed.claims.family_name, 'Mustermann');
  const dropped = await presentMdl({ tamper: { dropDisclosure: 'birth_date' } });
  assert.ok(!('birth_date' in dropped.claims) && 'given_name' in dropped.claims);
});

test('deviceKey, claims and now come from outside', async () => {
  const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const deviceKey = await crypto.subtle.exportKey('jwk', privateKey);
  const now = Date.parse('2030-06-01T12:00:00Z');
  const w = await createTestWallet({ issuer, deviceKey, claims: { given_name: 'Jan', birthdate: '2014-01-01' }, now });
  const n = nonce();
  const out = await w.present(dcRequest(n), ORIGIN);
  const r = checkSdJwt(out.data.vp_token.pid[0], { trustedDer: keys.certificateDer, origin: ORIGIN, nonce: n, now });
  assert.deepEqual(failing(r.checks), []);
  assert.equal(r.payload.cnf.jwk.x, deviceKey.x);
  assert.equal(r.payload.iat, now / 1000);
  assert.equal(r.claims.given_name, 'Jan');
  assert.equal(r.claims['18'], false); // 16 years old in 2030, derived from birthdate
});

// ---- the page side ----

function fakeWindow() {
  const original = async (o) => ({ passkey: o });
  return { navigator: { credentials: { get: original } }, location: { origin: ORIGIN }, DOMException };
}

test('installTestWallet: get({digital}) gives a DigitalCredential; reject gives NotAllowedError', async () => {
  const win = fakeWindow();
  const ctl = installTestWallet(win, wallet);
  assert.equal(win.DigitalCredential.userAgentAllowsProtocol('openid4vp-v1-unsigned'), true);
  assert.equal(win.DigitalCredential.userAgentAllowsProtocol('org-iso-mdoc'), false);
  const n = nonce();
  const cred = await win.navigator.credentials.get({ digital: { requests: [dcRequest(n)] } });
  assert.ok(cred instanceof win.DigitalCredential);
  assert.equal(cred.protocol, 'openid4vp-v1-unsigned');
  assert.deepEqual(failing(checkSdJwt(cred.data.vp_token.pid[0], { trustedDer: keys.certificateDer, origin: ORIGIN, nonce: n }).checks), []);
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(cred))), ['protocol', 'data']);
  assert.deepEqual(await win.navigator.credentials.get({ publicKey: 1 }), { passkey: { publicKey: 1 } });

  ctl.reject = 'NotAllowedError';
  await assert.rejects(win.navigator.credentials.get({ digital: { requests: [dcRequest(n)] } }),
    (e) => e instanceof DOMException && e.name === 'NotAllowedError');
  ctl.reject = null;
  ctl.options = { format: 'mso_mdoc' };
  const mdl = await win.navigator.credentials.get({ digital: { requests: [dcRequest(n)] } });
  assert.deepEqual(Object.keys(mdl.data.vp_token), ['mdl']);
  ctl.requireUserActivation = true;
  await assert.rejects(win.navigator.credentials.get({ digital: { requests: [dcRequest(n)] } }), { name: 'NotAllowedError' });
  assert.equal(ctl.calls.length, 4);
  assert.match(ctl.calls[1].error, /NotAllowedError/);
});

test('browser bundle: the self-contained script installs a working wallet in a fresh context', async () => {
  const script = testWalletScript({ issuer: keys, options: { format: 'mso_mdoc' } });
  assert.doesNotMatch(script, /^\s*(import|export)\b/m);
  const win = fakeWindow();
  const ctx = vm.createContext({ ...win, crypto, TextEncoder, TextDecoder, btoa, atob });
  ctx.window = ctx;
  vm.runInContext(script, ctx);
  const n = nonce();
  const cred = await ctx.navigator.credentials.get({ digital: { requests: [dcRequest(n)] } });
  assert.equal(cred.constructor, ctx.DigitalCredential);
  const r = checkMdoc(cred.data.vp_token.mdl[0], { trustedDer: keys.certificateDer, origin: ORIGIN, nonce: n });
  assert.deepEqual(failing(r.checks), []);
  assert.equal(typeof ctx.IdvTestWallet.encode, 'function');
  assert.deepEqual(expectedTranscript(ORIGIN, n)[2][0], 'OpenID4VPDCAPIHandover');
});
