// A test wallet that builds GENUINE presentations for the digital-ID path (issue 13), to the
// wire formats of docs/wallet.md: OpenID4VP 1.0 over the Digital Credentials API (unsigned
// request, DCQL), an SD-JWT VC EU PID with KB-JWT, and an ISO 18013-5 mDL DeviceResponse — the
// latter also over `org-iso-mdoc` (ISO 18013-7 Annex C, as Safari 26 speaks it: DeviceRequest +
// EncryptionInfo in, an HPKE-sealed DeviceResponse out).
//
// Browser-safe: WebCrypto (ES256 = ECDSA P-256 + SHA-256, whose signatures are already the raw
// r||s that JWS and COSE want), btoa/atob, TextEncoder. No Buffer, no node: imports, so
// browser-bundle.mjs can inline this file into a page.
import { encode, decode, Tagged, EncodedCbor } from './cbor.mjs';
import { seal, generateP256KeyPair } from './hpke.mjs';

export const PROTOCOL = 'openid4vp-v1-unsigned';
export const ISO_PROTOCOL = 'org-iso-mdoc';
export const PID_VCT = 'urn:eudi:pid:1';
export const MDL_DOCTYPE = 'org.iso.18013.5.1.mDL';
export const MDL_NAMESPACE = 'org.iso.18013.5.1';
export const TAMPERS = ['changeClaim', 'dropDisclosure', 'wrongNonce', 'wrongOrigin', 'expired',
  'badIssuerSignature', 'badDeviceSignature'];

const ES256 = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const DAY = 86400000;
const ATTACKER = 'https://attacker.example';
const utf8 = new TextEncoder();

// ---- bytes ----

export function b64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
export const b64url = (bytes) => b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
export function fromB64(s) {
  const t = s.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(t + '='.repeat((4 - (t.length % 4)) % 4)), (c) => c.charCodeAt(0));
}
const b64urlJson = (o) => b64url(utf8.encode(JSON.stringify(o)));
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const sign = async (key, bytes) => new Uint8Array(await crypto.subtle.sign(SIGN, key, bytes));
const random = (n) => crypto.getRandomValues(new Uint8Array(n));
// Flips one bit of a signature: still 64 bytes, no longer valid (the badXxxSignature tampers).
const spoil = (sig) => { const s = sig.slice(); s[s.length - 1] ^= 1; return s; };
const seconds = (ms) => Math.floor(ms / 1000);
// tdate (RFC 3339, whole seconds, UTC) as ISO 18013-5 wants it: tag 0.
const tdate = (ms) => new Tagged(0, new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

// ---- issuer ----

/**
 * The issuer: a P-256 private key (JWK) and its X.509 certificate (DER, Uint8Array or base64).
 * It signs SD-JWT VCs and mdoc MSOs; `certificateDer` goes into x5c / COSE x5chain (label 33).
 */
export async function createTestIssuer({ certificateDer, privateJwk, iss = 'https://pid-issuer.test' }) {
  const der = typeof certificateDer === 'string' ? fromB64(certificateDer) : new Uint8Array(certificateDer);
  const key = await crypto.subtle.importKey('jwk', { ...privateJwk, key_ops: ['sign'] }, ES256, false, ['sign']);
  return { iss, certificateDer: der, sign: (bytes) => sign(key, bytes) };
}

// ---- claims ----

/** Default holder: the EU PID claim names (plus two claims never requested, to show selectivity). */
export const DEFAULT_CLAIMS = {
  given_name: 'Erika', family_name: 'Mustermann', birthdate: '1984-01-26', nationalities: ['DE'],
  document_number: 'T22000129', age_over_18: true, issuing_country: 'DE', issuing_authority: 'DE',
};

// The same person as mDL data elements (ISO 18013-5 names; birth_date a tag-1004 full-date).
function mdlElements(c) {
  const e = [['given_name', c.given_name], ['family_name', c.family_name],
    ['birth_date', new Tagged(1004, c.birthdate)], ['nationality', c.nationalities?.[0]],
    ['document_number', c.document_number], ['age_over_18', c.age_over_18],
    ['issuing_country', c.issuing_country], ['issuing_authority', c.issuing_authority]];
  return e.filter(([, v]) => v !== undefined);
}

// ---- wallet ----

/**
 * A wallet holding one PID (dc+sd-jwt) and one mDL (mso_mdoc) for `claims`, bound to `deviceKey`
 * (a P-256 private JWK; generated when absent). `now` (ms number, Date or function) is the
 * wallet's clock. Credentials are issued afresh for every presentation (validity from `now`).
 */
export async function createTestWallet({ issuer, deviceKey, claims = {}, now = Date.now } = {}) {
  const clock = typeof now === 'function' ? () => +now() : () => +now;
  const person = { ...DEFAULT_CLAIMS, ...claims };
  if (claims.age_over_18 === undefined && claims.birthdate) person.age_over_18 = ageOver(claims.birthdate, 18, clock());
  let priv, deviceJwk;
  if (deviceKey) {
    priv = await crypto.subtle.importKey('jwk', { ...deviceKey, key_ops: ['sign'] }, ES256, false, ['sign']);
    deviceJwk = { kty: 'EC', crv: 'P-256', x: deviceKey.x, y: deviceKey.y };
  } else {
    const pair = await crypto.subtle.generateKey(ES256, true, ['sign', 'verify']);
    priv = pair.privateKey;
    const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    deviceJwk = { kty: 'EC', crv: 'P-256', x, y };
  }
  const device = { jwk: deviceJwk, sign: (bytes) => sign(priv, bytes) };

  return {
    issuer, deviceJwk, claims: person,
    /**
     * Answers a DC API request `{protocol, data}` for the page `origin` like a DigitalCredential.
     * 'openid4vp-v1-unsigned' → `{protocol, data: {vp_token: {<id>: [presentation]}}}`;
     * options.format picks 'dc+sd-jwt' or 'mso_mdoc' (default: the first option of the first
     * credential set). 'org-iso-mdoc' → `{protocol, data: {response}}` (always the mDL;
     * options.format is ignored). options.tamper (a name, an array of names, or
     * {name: true | claim}) breaks exactly one thing.
     */
    async present(request, origin, options = {}) {
      const data = typeof request?.data === 'string' ? JSON.parse(request.data) : request?.data;
      const t = tamperSet(options.tamper);
      const ctx = { issuer, device, person, now: clock(), origin, tamper: t };
      if (request?.protocol === ISO_PROTOCOL) return { protocol: ISO_PROTOCOL, data: await presentIsoMdoc(ctx, data) };
      if (request?.protocol !== PROTOCOL) throw new Error(`unsupported protocol ${request?.protocol}`);
      if (data?.response_type !== 'vp_token' || !data.dcql_query || typeof data.nonce !== 'string') {
        throw new Error('not an OpenID4VP vp_token request with a DCQL query and a nonce');
      }
      const query = pickCredential(data.dcql_query, options.format);
      ctx.nonce = data.nonce;
      const presentation = query.format === 'dc+sd-jwt' ? await presentSdJwt(ctx, query) : await presentOpenId4VpMdoc(ctx, query);
      return { protocol: request.protocol, data: { vp_token: { [query.id]: [presentation] } } };
    },
  };
}

function ageOver(birthdate, years, nowMs) {
  const [y, m, d] = birthdate.split('-').map(Number);
  return Date.UTC(y + years, m - 1, d) <= nowMs;
}

function tamperSet(t) {
  const set = !t ? {} : typeof t === 'string' ? { [t]: true } : Array.isArray(t) ? Object.fromEntries(t.map((n) => [n, true])) : { ...t };
  for (const k of Object.keys(set)) if (!TAMPERS.includes(k)) throw new Error(`unknown tamper option ${k}`);
  return set;
}

// DCQL: the credential query for `format`, else the first option of the first credential set.
function pickCredential(dcql, format) {
  const creds = dcql.credentials || [];
  let q;
  if (format) q = creds.find((c) => c.format === format);
  else {
    const firstId = dcql.credential_sets?.[0]?.options?.[0]?.[0];
    q = firstId ? creds.find((c) => c.id === firstId) : creds[0];
  }
  if (!q || !['dc+sd-jwt', 'mso_mdoc'].includes(q.format)) throw new Error(`no credential query for ${format || 'the default option'}`);
  if (q.format === 'dc+sd-jwt' && q.meta?.vct_values && !q.meta.vct_values.includes(PID_VCT)) throw new Error('vct not held');
  if (q.format === 'mso_mdoc' && q.meta?.doctype_value && q.meta.doctype_value !== MDL_DOCTYPE) throw new Error('doctype not held');
  return q;
}

// The claim paths to disclose. DCQL: claim_sets → the first set; no `claims` → nothing
// selectively disclosable.
function requestedPaths(q) {
  const claims = q.claims || [];
  if (q.claim_sets?.length) {
    const ids = new Set(q.claim_sets[0]);
    return claims.filter((c) => ids.has(c.id)).map((c) => c.path);
  }
  return claims.map((c) => c.path);
}

// The tamper option's claim (e.g. {changeClaim: 'given_name'}) or the default one.
const tamperClaim = (v, dflt) => (typeof v === 'string' ? v : dflt);

// Validity: normally iat/validFrom = now, valid a year; `expired` = issued 400 days ago, ended 30
// days ago (still correctly signed).
function validity(ctx) {
  return ctx.tamper.expired ? { from: ctx.now - 400 * DAY, until: ctx.now - 30 * DAY } : { from: ctx.now, until: ctx.now + 365 * DAY };
}

// ---- SD-JWT VC ----

async function disclosure(arr) {
  const d = b64urlJson(arr);
  return { d, digest: b64url(await sha256(utf8.encode(d))) };
}

async function presentSdJwt(ctx, q) {
  const { person, tamper } = ctx;
  const v = validity(ctx);
  // Issue: every claim a top-level disclosure, except age_equal_or_over whose "18" is an
  // object-property disclosure inside its own _sd.
  const top = [];
  for (const [name, value] of Object.entries(person)) {
    if (name !== 'age_over_18') top.push({ name, ...(await disclosure([b64url(random(16)), name, value])) });
  }
  const age = person.age_over_18 === undefined ? null : await disclosure([b64url(random(16)), '18', person.age_over_18]);
  const payload = {
    iss: ctx.issuer.iss, iat: seconds(v.from), exp: seconds(v.until), vct: PID_VCT,
    cnf: { jwk: ctx.device.jwk }, _sd_alg: 'sha-256', _sd: top.map((x) => x.digest).sort(),
  };
  if (age) payload.age_equal_or_over = { _sd: [age.digest] };
  const header = { alg: 'ES256', typ: 'dc+sd-jwt', x5c: [b64(ctx.issuer.certificateDer)] };
  const input = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  let sig = await ctx.issuer.sign(utf8.encode(input));
  if (tamper.badIssuerSignature) sig = spoil(sig);
  const jwt = `${input}.${b64url(sig)}`;

  // Present: only the requested claims.
  const want = requestedPaths(q);
  const disclosures = [];
  for (const path of want) {
    if (path[0] === 'age_equal_or_over' && path[1] === '18' && age) disclosures.push({ name: 'age_equal_or_over.18', d: age.d });
    else if (path.length === 1) { const x = top.find((t) => t.name === path[0]); if (x) disclosures.push(x); }
  }
  let list = disclosures;
  if (tamper.dropDisclosure) {
    const name = tamperClaim(tamper.dropDisclosure, 'given_name');
    list = list.filter((x) => x.name !== name);
  }
  if (tamper.changeClaim) {
    // Re-encode one disclosure with another value: its digest is no longer in _sd.
    const name = tamperClaim(tamper.changeClaim, 'family_name');
    list = await Promise.all(list.map(async (x) => {
      if (x.name !== name) return x;
      const [salt, n, value] = JSON.parse(new TextDecoder().decode(fromB64(x.d)));
      return { name, d: (await disclosure([salt, n, typeof value === 'string' ? `${value}X` : Array.isArray(value) ? ['XX'] : !value])).d };
    }));
  }
  const sdJwt = `${jwt}~${list.map((x) => `${x.d}~`).join('')}`;

  // Key binding over exactly what precedes it.
  const kbPayload = {
    iat: seconds(ctx.now),
    aud: `origin:${tamper.wrongOrigin ? ATTACKER : ctx.origin}`,
    nonce: tamper.wrongNonce ? b64url(random(32)) : ctx.nonce,
    sd_hash: b64url(await sha256(utf8.encode(sdJwt))),
  };
  const kbInput = `${b64urlJson({ alg: 'ES256', typ: 'kb+jwt' })}.${b64urlJson(kbPayload)}`;
  let kbSig = await ctx.device.sign(utf8.encode(kbInput));
  if (tamper.badDeviceSignature) kbSig = spoil(kbSig);
  return `${sdJwt}${kbInput}.${b64url(kbSig)}`;
}

// ---- mdoc ----

const protectedEs256 = () => encode(new Map([[1, -7]]));
const sigStructure = (prot, payload) => encode(['Signature1', prot, new Uint8Array(0), payload]);

/** SessionTranscript for OpenID4VP over the DC API (OpenID4VP 1.0 B.2.6.2), unencrypted response. */
export async function sessionTranscript(origin, nonce) {
  const handoverInfoHash = await sha256(encode([origin, nonce, null]));
  return [null, null, ['OpenID4VPDCAPIHandover', handoverInfoHash]];
}

/** The bytes the device signs (detached payload): tag 24 bstr(cbor(DeviceAuthentication)). */
export function deviceAuthenticationBytes(transcript, docType, deviceNameSpacesBytes) {
  const da = ['DeviceAuthentication', transcript, docType, new EncodedCbor(deviceNameSpacesBytes)];
  return encode(new Tagged(24, encode(da)));
}

/**
 * SessionTranscript of ISO 18013-7 Annex C over the DC API: the handover hashes the
 * encryptionInfo exactly as sent (its base64url string) with the origin.
 */
export async function dcapiSessionTranscript(encryptionInfo, origin) {
  return [null, null, ['dcapi', await sha256(encode([encryptionInfo, origin]))]];
}

async function presentOpenId4VpMdoc(ctx, q) {
  const want = requestedPaths(q).filter((p) => p[0] === MDL_NAMESPACE).map((p) => p[1]);
  const transcript = await sessionTranscript(ctx.tamper.wrongOrigin ? ATTACKER : ctx.origin,
    ctx.tamper.wrongNonce ? b64url(random(32)) : ctx.nonce);
  return b64url(await deviceResponse(ctx, want, transcript));
}

// org-iso-mdoc (docs/wallet.md): read the DeviceRequest (our docType, the requested elements of
// our namespace) and the EncryptionInfo, answer the DeviceResponse sealed to the request's key.
// Tampers: wrongOrigin → the transcript of the attacker's origin (it is also the HPKE info, so
// the verifier's decryption fails first); wrongNonce → the answer to ANOTHER request (a fresh
// EncryptionInfo: another nonce and another recipient key), which the verifier cannot decrypt.
async function presentIsoMdoc(ctx, data) {
  if (typeof data?.deviceRequest !== 'string' || typeof data.encryptionInfo !== 'string') {
    throw new Error('not an org-iso-mdoc request with deviceRequest and encryptionInfo');
  }
  const deviceRequest = decode(fromB64(data.deviceRequest));
  const items = (deviceRequest.get('docRequests') || []).map((r) => decode(r.get('itemsRequest').value));
  const mine = items.find((i) => i.get('docType') === MDL_DOCTYPE);
  if (deviceRequest.get('version') !== '1.0' || !mine) throw new Error('doctype not held');
  const want = [...(mine.get('nameSpaces')?.get(MDL_NAMESPACE)?.keys() || [])];

  let encryptionInfo = data.encryptionInfo;
  if (ctx.tamper.wrongNonce) {
    const other = await generateP256KeyPair();
    encryptionInfo = b64url(encode(['dcapi', { nonce: random(32), recipientPublicKey: coseKey(other.pk) }]));
  }
  const [kind, params] = decode(fromB64(encryptionInfo));
  const key = params instanceof Map ? params.get('recipientPublicKey') : null;
  if (kind !== 'dcapi' || !(key instanceof Map) || !(params.get('nonce') instanceof Uint8Array)
    || key.get(1) !== 2 || key.get(-1) !== 1 || key.get(-2)?.length !== 32 || key.get(-3)?.length !== 32) {
    throw new Error('not a dcapi EncryptionInfo with a P-256 recipientPublicKey');
  }
  const pkR = new Uint8Array(65);
  pkR[0] = 4; pkR.set(key.get(-2), 1); pkR.set(key.get(-3), 33);

  const transcript = await dcapiSessionTranscript(encryptionInfo, ctx.tamper.wrongOrigin ? ATTACKER : ctx.origin);
  const plaintext = await deviceResponse(ctx, want, transcript);
  const { enc, ct } = await seal(pkR, encode(transcript), new Uint8Array(0), plaintext);
  return { response: b64url(encode(['dcapi', { enc, cipherText: ct }])) };
}

/** COSE_Key (EC2, P-256) of a 65-byte uncompressed point. */
export const coseKey = (pk) => new Map([[1, 2], [-1, 1], [-2, pk.slice(1, 33)], [-3, pk.slice(33, 65)]]);

// The CBOR DeviceResponse for the element identifiers `want`, device-signed over `transcript`.
async function deviceResponse(ctx, want, transcript) {
  const { tamper } = ctx;
  const v = validity(ctx);
  // Issue: every element an IssuerSignedItem; its digest is over the tag-24-wrapped bytes.
  const items = [];
  const digests = new Map();
  for (const [id, value] of mdlElements(ctx.person)) {
    const digestID = items.length;
    const salt = random(16);
    const wrapped = encode(new Tagged(24, encode({ digestID, random: salt, elementIdentifier: id, elementValue: value })));
    items.push({ id, digestID, salt, value, wrapped });
    digests.set(digestID, await sha256(wrapped));
  }
  const { x, y } = ctx.device.jwk;
  const mso = {
    version: '1.0', digestAlgorithm: 'SHA-256', valueDigests: { [MDL_NAMESPACE]: digests },
    deviceKeyInfo: { deviceKey: new Map([[1, 2], [-1, 1], [-2, fromB64(x)], [-3, fromB64(y)]]) },
    docType: MDL_DOCTYPE,
    validityInfo: { signed: tdate(v.from), validFrom: tdate(v.from), validUntil: tdate(v.until) },
  };
  const prot = protectedEs256();
  const payload = encode(new Tagged(24, encode(mso)));
  let issuerSig = await ctx.issuer.sign(sigStructure(prot, payload));
  if (tamper.badIssuerSignature) issuerSig = spoil(issuerSig);
  const issuerAuth = [prot, new Map([[33, ctx.issuer.certificateDer]]), payload, issuerSig];

  // Present: the requested elements of our namespace.
  let shown = items.filter((it) => want.includes(it.id));
  if (tamper.dropDisclosure) {
    const id = tamperClaim(tamper.dropDisclosure, 'given_name');
    shown = shown.filter((it) => it.id !== id);
  }
  const presented = shown.map((it) => {
    if (!tamper.changeClaim || it.id !== tamperClaim(tamper.changeClaim, 'family_name')) return new EncodedCbor(it.wrapped);
    // Same item, another value, re-encoded after issuance: the digest no longer matches.
    const value = typeof it.value === 'string' ? `${it.value}X` : it.value instanceof Tagged ? new Tagged(1004, '1900-01-01') : !it.value;
    return new Tagged(24, encode({ digestID: it.digestID, random: it.salt, elementIdentifier: it.id, elementValue: value }));
  });

  // Device authentication over the session transcript (detached payload).
  const deviceNameSpacesBytes = encode(new Tagged(24, encode(new Map())));
  let deviceSig = await ctx.device.sign(sigStructure(prot, deviceAuthenticationBytes(transcript, MDL_DOCTYPE, deviceNameSpacesBytes)));
  if (tamper.badDeviceSignature) deviceSig = spoil(deviceSig);

  const response = {
    version: '1.0',
    documents: [{
      docType: MDL_DOCTYPE,
      issuerSigned: { nameSpaces: { [MDL_NAMESPACE]: presented }, issuerAuth },
      deviceSigned: {
        nameSpaces: new EncodedCbor(deviceNameSpacesBytes),
        deviceAuth: { deviceSignature: [prot, new Map(), null, deviceSig] },
      },
    }],
    status: 0,
  };
  return encode(response);
}

// ---- the page side: navigator.credentials.get and DigitalCredential ----

/**
 * Makes `win` (a window) answer `navigator.credentials.get({digital: {requests}})` with
 * `wallet` (or a promise of one, so that an init script can install synchronously), presenting
 * for `origin` (default the page's). Defines `DigitalCredential` whose `userAgentAllowsProtocol`
 * is true for the controller's `protocols`. Other get() calls go to the original. Returns a
 * controller (also `win.__idvTestWallet`):
 *   protocols      what the simulated browser speaks (read on every call): default
 *                  ['openid4vp-v1-unsigned'] (an older Chrome); ['org-iso-mdoc'] is Safari 26,
 *                  both are Chrome. get() answers the first request whose protocol is in it.
 *   options        {format, tamper} passed to wallet.present for every later call
 *   reject         null, or a DOMException name (e.g. 'NotAllowedError': the user cancelled)
 *   requireUserActivation  when true, a get() without transient activation is NotAllowedError
 *   calls          every digital get(): {requests, response | error}
 */
export function installTestWallet(win, wallet, origin, { protocols = [PROTOCOL] } = {}) {
  const nav = win.navigator;
  const controller = { protocols, options: {}, reject: null, requireUserActivation: false, calls: [] };

  class DigitalCredential {
    constructor(protocol, data) { this.id = ''; this.type = 'digital'; this.protocol = protocol; this.data = data; }
    toJSON() { return { protocol: this.protocol, data: this.data }; }
    static userAgentAllowsProtocol(p) { return controller.protocols.includes(p); }
  }
  win.DigitalCredential = DigitalCredential;

  if (!nav.credentials) Object.defineProperty(nav, 'credentials', { value: {}, configurable: true });
  const container = nav.credentials;
  const original = typeof container.get === 'function' ? container.get.bind(container) : null;
  const DOMEx = win.DOMException || DOMException;
  const fail = (name, msg) => new DOMEx(msg, name);

  async function get(options = {}) {
    if (!options.digital) {
      if (original) return original(options);
      throw fail('NotSupportedError', 'only digital credentials in this test wallet');
    }
    const call = { requests: options.digital.requests };
    controller.calls.push(call);
    try {
      if (options.signal?.aborted) throw options.signal.reason ?? fail('AbortError', 'aborted');
      if (controller.requireUserActivation && !nav.userActivation?.isActive) throw fail('NotAllowedError', 'no user activation');
      if (controller.reject) throw fail(controller.reject, 'the test wallet was told to refuse');
      const request = (options.digital.requests || []).find((r) => controller.protocols.includes(r.protocol));
      if (!request) throw new TypeError('no request with a supported protocol');
      const out = await (await wallet).present(request, origin || win.location.origin, controller.options);
      call.response = out;
      return new DigitalCredential(out.protocol, out.data);
    } catch (e) {
      call.error = `${e.name}: ${e.message}`;
      throw e;
    }
  }
  Object.defineProperty(container, 'get', { value: get, configurable: true, writable: true });
  win.__idvTestWallet = controller;
  return controller;
}
