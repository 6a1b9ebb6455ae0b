// Node-only: an independent reading of docs/wallet.md for the tests — node:crypto, not the
// wallet's WebCrypto code. Each checker returns one boolean per check the service's verifier
// makes, so a test can assert that a tamper option breaks exactly one of them.
import { createHash, createHmac, createPublicKey, createECDH, createDecipheriv, hkdfSync, randomBytes, verify, X509Certificate } from 'node:crypto';
import { encode, decode, Tagged, EncodedCbor } from './cbor.mjs';

const unb64url = (s) => Buffer.from(s, 'base64url');
const json = (s) => JSON.parse(unb64url(s).toString('utf8'));
const sha256 = (data) => createHash('sha256').update(data).digest();
const es256 = (key, data, sig) => sig.length === 64 && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
// A check that throws (malformed input) counts as failed.
const ok = (fn) => { try { return !!fn(); } catch { return false; } };

/** The request `data` exactly as docs/wallet.md shows it. */
export function walletRequest(nonce) {
  const ns = 'org.iso.18013.5.1';
  return {
    response_type: 'vp_token', response_mode: 'dc_api', nonce,
    dcql_query: {
      credentials: [
        { id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eudi:pid:1'] },
          claims: [['given_name'], ['family_name'], ['birthdate'], ['nationalities'], ['age_equal_or_over', '18'], ['document_number']].map((path) => ({ path })) },
        { id: 'mdl', format: 'mso_mdoc', meta: { doctype_value: 'org.iso.18013.5.1.mDL' },
          claims: ['given_name', 'family_name', 'birth_date', 'nationality', 'document_number', 'age_over_18'].map((e) => ({ path: [ns, e] })) },
      ],
      credential_sets: [{ options: [['pid'], ['mdl']] }],
    },
    client_metadata: { vp_formats_supported: {
      'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] },
      mso_mdoc: { issuerauth_alg_values: [-7], deviceauth_alg_values: [-7] } } },
  };
}

/** SD-JWT+KB checks. `trustedDer` is the issuer certificate; `now` in ms. */
export function checkSdJwt(presentation, { trustedDer, origin, nonce, now = Date.now() }) {
  const parts = presentation.split('~');
  const [jwt, ...rest] = parts;
  const kb = rest.pop();
  const disclosures = rest;
  const [h64, p64, s64] = jwt.split('.');
  const header = json(h64), payload = json(p64);
  const t = Math.floor(now / 1000);

  // All digests the issuer signed: top level and nested objects' _sd.
  const signed = [];
  (function collect(o) {
    if (!o || typeof o !== 'object') return;
    if (Array.isArray(o._sd)) signed.push(...o._sd);
    for (const [k, v] of Object.entries(o)) if (k !== '_sd') collect(v);
  })(payload);
  const decoded = disclosures.map((d) => ({ d, arr: json(d), digest: sha256(Buffer.from(d, 'ascii')).toString('base64url') }));
  const names = decoded.map((x) => x.arr[1]);

  const [kh, kp, ks] = kb.split('.');
  const kbHeader = json(kh), kbPayload = json(kp);
  const issuerKey = new X509Certificate(Buffer.from(trustedDer)).publicKey;
  return {
    checks: {
      trusted: ok(() => Buffer.from(header.x5c[0], 'base64').equals(Buffer.from(trustedDer))),
      issuerSignature: ok(() => es256(issuerKey, Buffer.from(`${h64}.${p64}`), unb64url(s64))),
      typ: header.typ === 'dc+sd-jwt' && header.alg === 'ES256' && kbHeader.typ === 'kb+jwt' && kbHeader.alg === 'ES256',
      vct: payload.vct === 'urn:eudi:pid:1' && payload._sd_alg === 'sha-256',
      validity: payload.iat <= t + 60 && payload.exp > t - 60 && !(payload.nbf > t + 60),
      digests: decoded.every((x) => signed.filter((s) => s === x.digest).length === 1),
      unique: new Set(names).size === names.length,
      required: ['given_name', 'family_name', 'birthdate'].every((n) => names.includes(n)),
      deviceSignature: ok(() => es256(createPublicKey({ key: payload.cnf.jwk, format: 'jwk' }), Buffer.from(`${kh}.${kp}`), unb64url(ks))),
      audience: kbPayload.aud === `origin:${origin}`,
      nonce: kbPayload.nonce === nonce,
      kbIat: Math.abs(kbPayload.iat - t) <= 300,
      sdHash: kbPayload.sd_hash === sha256(Buffer.from(parts.slice(0, -1).join('~') + '~', 'ascii')).toString('base64url'),
    },
    header, payload, kbPayload,
    claims: Object.fromEntries(decoded.filter((x) => x.arr.length === 3).map((x) => [x.arr[1], x.arr[2]])),
  };
}

const get = (m, k) => (m instanceof Map ? m.get(k) : undefined);
const untag24 = (t) => { if (!(t instanceof Tagged) || t.tag !== 24) throw new Error('not tag 24'); return decode(t.value); };
const tdate = (t) => { if (!(t instanceof Tagged) || t.tag !== 0) throw new Error('not a tdate'); return Date.parse(t.value); };

/** The transcript built here, from the EXPECTED origin and nonce (not the wallet's code). */
export function expectedTranscript(origin, nonce) {
  return [null, null, ['OpenID4VPDCAPIHandover', new Uint8Array(sha256(encode([origin, nonce, null])))]];
}

/**
 * mdoc DeviceResponse checks: `presentation` is base64url (mso_mdoc) or the CBOR bytes; the device
 * signature is checked over `transcript`, by default the OpenID4VP one of `origin` and `nonce`.
 */
export function checkMdoc(presentation, { trustedDer, origin, nonce, transcript = expectedTranscript(origin, nonce), now = Date.now() }) {
  const response = decode(new Uint8Array(typeof presentation === 'string' ? unb64url(presentation) : presentation));
  const doc = get(response, 'documents')[0];
  const issuerSigned = get(doc, 'issuerSigned');
  const [prot, unprot, payload, sig] = get(issuerSigned, 'issuerAuth');
  const mso = untag24(decode(payload));
  const items = get(get(issuerSigned, 'nameSpaces'), 'org.iso.18013.5.1');
  const valueDigests = get(get(mso, 'valueDigests'), 'org.iso.18013.5.1');
  const decodedItems = items.map((t) => ({ wrapped: encode(t), item: untag24(t) }));
  const ids = decodedItems.map((x) => get(x.item, 'elementIdentifier'));
  const validity = get(mso, 'validityInfo');

  const deviceSigned = get(doc, 'deviceSigned');
  const [dProt, , dPayload, dSig] = get(get(deviceSigned, 'deviceAuth'), 'deviceSignature');
  const coseKey = get(get(mso, 'deviceKeyInfo'), 'deviceKey');
  const deviceKey = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256',
    x: Buffer.from(get(coseKey, -2)).toString('base64url'), y: Buffer.from(get(coseKey, -3)).toString('base64url') } });
  const deviceAuthBytes = encode(new Tagged(24, encode(['DeviceAuthentication', transcript,
    get(doc, 'docType'), new EncodedCbor(encode(get(deviceSigned, 'nameSpaces')))])));
  const es256Header = (p) => { const h = decode(p); return h instanceof Map && h.size === 1 && h.get(1) === -7; };
  const issuerKey = new X509Certificate(Buffer.from(trustedDer)).publicKey;
  return {
    checks: {
      shape: get(response, 'version') === '1.0' && get(response, 'status') === 0 && dPayload === null,
      trusted: ok(() => Buffer.from(get(unprot, 33)).equals(Buffer.from(trustedDer))),
      issuerSignature: ok(() => es256Header(prot) && es256(issuerKey, encode(['Signature1', prot, new Uint8Array(0), payload]), sig)),
      docType: get(mso, 'docType') === 'org.iso.18013.5.1.mDL' && get(doc, 'docType') === 'org.iso.18013.5.1.mDL',
      digests: ok(() => decodedItems.every((x) => Buffer.from(valueDigests.get(get(x.item, 'digestID'))).equals(sha256(x.wrapped)))),
      required: ['given_name', 'family_name', 'birth_date'].every((n) => ids.includes(n)),
      validity: ok(() => tdate(get(validity, 'validFrom')) <= now && now <= tdate(get(validity, 'validUntil'))),
      deviceSignature: ok(() => es256Header(dProt) && es256(deviceKey, encode(['Signature1', dProt, new Uint8Array(0), deviceAuthBytes]), dSig)),
    },
    mso, deviceKey, dProt, dSig, deviceSigned,
    claims: Object.fromEntries(decodedItems.map((x) => [get(x.item, 'elementIdentifier'), get(x.item, 'elementValue')])),
    items: decodedItems.map((x) => x.item),
  };
}

// ---- org-iso-mdoc (ISO 18013-7 Annex C) ----

const MDL_ELEMENTS = ['given_name', 'family_name', 'birth_date', 'nationality', 'document_number', 'age_over_18'];

/**
 * The service's side of an org-iso-mdoc request, as docs/wallet.md shows it: `data` =
 * {deviceRequest, encryptionInfo} and the recipient key it keeps ({sk, pk}: raw 32 / 65 bytes).
 */
export function isoMdocRequest({ elements = MDL_ELEMENTS, docType = 'org.iso.18013.5.1.mDL' } = {}) {
  const itemsRequest = encode(new Map([['docType', docType],
    ['nameSpaces', new Map([['org.iso.18013.5.1', new Map(elements.map((e) => [e, false]))]])]]));
  const deviceRequest = encode(new Map([['version', '1.0'], ['docRequests', [new Map([['itemsRequest', new Tagged(24, itemsRequest)]])]]]));
  const ecdh = createECDH('prime256v1');
  const pk = new Uint8Array(ecdh.generateKeys()), sk = new Uint8Array(ecdh.getPrivateKey());
  const nonce = new Uint8Array(randomBytes(32));
  const coseKey = new Map([[1, 2], [-1, 1], [-2, pk.slice(1, 33)], [-3, pk.slice(33)]]);
  const encryptionInfo = encode(['dcapi', new Map([['nonce', nonce], ['recipientPublicKey', coseKey]])]);
  return {
    data: { deviceRequest: Buffer.from(deviceRequest).toString('base64url'), encryptionInfo: Buffer.from(encryptionInfo).toString('base64url') },
    recipient: { sk, pk }, nonce,
  };
}

/** SessionTranscript = [null, null, ["dcapi", SHA-256(CBOR([encryptionInfo string, origin]))]]. */
export function expectedDcapiTranscript(encryptionInfo, origin) {
  return [null, null, ['dcapi', new Uint8Array(sha256(encode([encryptionInfo, origin])))]];
}

// HPKE base-mode open, DHKEM(P-256)/HKDF-SHA256/AES-128-GCM, on node:crypto (ECDH, hkdfSync,
// createDecipheriv) — a second reading of RFC 9180, not the wallet's hpke.mjs. HKDF-Extract
// alone (the psk_id and info hashes) is HMAC; every Extract-then-Expand is one hkdfSync.
const labeled = (suite, label, data) => Buffer.concat([Buffer.from('HPKE-v1'), suite, Buffer.from(label), Buffer.from(data)]);
const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const KEM = Buffer.concat([Buffer.from('KEM'), u16(0x10)]);
const HPKE = Buffer.concat([Buffer.from('HPKE'), u16(0x10), u16(1), u16(1)]);
const none = Buffer.alloc(0);
const extractExpand = (suite, salt, label1, ikm, label2, info, len) =>
  Buffer.from(hkdfSync('sha256', labeled(suite, label1, ikm), salt, Buffer.concat([u16(len), labeled(suite, label2, info)]), len));

export function hpkeOpenNode(enc, { sk, pk }, info, aad, ct) {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(sk));
  const dh = ecdh.computeSecret(Buffer.from(enc));
  const shared = extractExpand(KEM, none, 'eae_prk', dh, 'shared_secret', Buffer.concat([enc, pk]), 32);
  const context = Buffer.concat([Buffer.of(0),
    createHmac('sha256', none).update(labeled(HPKE, 'psk_id_hash', none)).digest(),
    createHmac('sha256', none).update(labeled(HPKE, 'info_hash', info)).digest()]);
  const key = extractExpand(HPKE, shared, 'secret', none, 'key', context, 16);
  const nonce = extractExpand(HPKE, shared, 'secret', none, 'base_nonce', context, 12);
  const d = createDecipheriv('aes-128-gcm', key, nonce);
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(ct.subarray(ct.length - 16)));
  return Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]);
}

/**
 * org-iso-mdoc checks of the response `data` for the request `request` (from isoMdocRequest) on
 * the page `origin`: `envelope` (["dcapi", {enc, cipherText}]), `decrypt` (with info = the
 * expected SessionTranscript), then every mdoc check with that transcript. When decryption fails
 * nothing else can be read, and only envelope and decrypt are reported.
 */
export function checkIsoMdoc(data, { request, origin, trustedDer, now }) {
  const transcript = expectedDcapiTranscript(request.data.encryptionInfo, origin);
  let enc, cipherText, plaintext;
  const envelope = ok(() => {
    const [kind, m] = decode(new Uint8Array(unb64url(data.response)));
    enc = get(m, 'enc'); cipherText = get(m, 'cipherText');
    return kind === 'dcapi' && m.size === 2 && enc.length === 65 && enc[0] === 4 && cipherText instanceof Uint8Array;
  });
  const decrypt = envelope && ok(() => (plaintext = hpkeOpenNode(enc, request.recipient, encode(transcript), none, cipherText)));
  if (!decrypt) return { checks: { envelope, decrypt } };
  const r = checkMdoc(new Uint8Array(plaintext), { trustedDer, transcript, now });
  return { ...r, checks: { envelope, decrypt, ...r.checks }, plaintext, enc };
}
