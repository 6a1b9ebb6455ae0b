// Node-only: an independent reading of docs/wallet.md for the tests — node:crypto, not the
// wallet's WebCrypto code. Each checker returns one boolean per check the service's verifier
// makes, so a test can assert that a tamper option breaks exactly one of them.
import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
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

/** mdoc DeviceResponse checks. */
export function checkMdoc(presentation, { trustedDer, origin, nonce, now = Date.now() }) {
  const response = decode(new Uint8Array(unb64url(presentation)));
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
  const deviceAuthBytes = encode(new Tagged(24, encode(['DeviceAuthentication', expectedTranscript(origin, nonce),
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
