// HPKE (RFC 9180), mode_base only, for one suite: DHKEM(P-256, HKDF-SHA256) (0x0010) /
// HKDF-SHA256 (0x0001) / AES-128-GCM (0x0001) — the suite of ISO 18013-7 Annex C (docs/wallet.md,
// "The org-iso-mdoc protocol"). Single-shot: one message, sequence number 0, so the nonce is
// base_nonce itself.
//
// Browser-safe: WebCrypto only (ECDH, HMAC-SHA256, AES-GCM). HKDF-Extract and -Expand are
// written out on HMAC (RFC 5869) because HPKE needs the extracted PRK itself, which WebCrypto's
// HKDF never hands out.
//
// Keys: a public key is the 65-byte uncompressed point (SerializePublicKey, §7.1.1); a private
// key is {sk: 32 bytes, pk: 65 bytes} (the RFC's skXm/pkXm) or a WebCrypto ECDH CryptoKeyPair.

const ECDH = { name: 'ECDH', namedCurve: 'P-256' };
const utf8 = new TextEncoder();
const subtle = () => crypto.subtle;

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const i2osp = (n, len) => { const b = new Uint8Array(len); for (let i = len - 1; i >= 0; i--, n >>= 8) b[i] = n & 0xff; return b; };
const ascii = (s) => utf8.encode(s);

// Suite ids: §4.1 (KEM) and §5.1 (the whole suite).
const KEM_ID = 0x0010, KDF_ID = 0x0001, AEAD_ID = 0x0001;
export const HPKE_SUITE = { kem: KEM_ID, kdf: KDF_ID, aead: AEAD_ID };
const KEM_SUITE = concat(ascii('KEM'), i2osp(KEM_ID, 2));
const HPKE_SUITE_ID = concat(ascii('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(AEAD_ID, 2));
const NH = 32, NK = 16, NN = 12;

async function hmac(key, data) {
  // An empty HMAC key (the RFC's default salt "") is the same as HashLen zero bytes, and
  // WebCrypto refuses empty keys.
  const k = await subtle().importKey('raw', key.length ? key : new Uint8Array(NH), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, data));
}
const extract = (salt, ikm) => hmac(salt, ikm);
async function expand(prk, info, len) {
  let t = new Uint8Array(0), out = new Uint8Array(0);
  for (let i = 1; out.length < len; i++) { t = await hmac(prk, concat(t, info, Uint8Array.of(i))); out = concat(out, t); }
  return out.slice(0, len);
}
// §4: LabeledExtract / LabeledExpand with the "HPKE-v1" prefix and a suite id.
const labeledExtract = (suite, salt, label, ikm) => extract(salt, concat(ascii('HPKE-v1'), suite, ascii(label), ikm));
const labeledExpand = (suite, prk, label, info, len) =>
  expand(prk, concat(i2osp(len, 2), ascii('HPKE-v1'), suite, ascii(label), info), len);

// ---- keys ----

async function importPrivate(key) {
  if (key?.privateKey) return { priv: key.privateKey, pk: new Uint8Array(await subtle().exportKey('raw', key.publicKey)) };
  const { sk, pk } = key;
  const b64u = (b) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const jwk = { kty: 'EC', crv: 'P-256', d: b64u(sk), x: b64u(pk.subarray(1, 33)), y: b64u(pk.subarray(33, 65)) };
  return { priv: await subtle().importKey('jwk', jwk, ECDH, false, ['deriveBits']), pk: Uint8Array.from(pk) };
}
const importPublic = (pk) => subtle().importKey('raw', pk, ECDH, false, []);
const dh = async (priv, pub) => new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: pub }, priv, 256));

/** A fresh P-256 key pair for ECDH, with its public key as the 65-byte point. */
export async function generateP256KeyPair() {
  const pair = await subtle().generateKey(ECDH, true, ['deriveBits']);
  return { ...pair, pk: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)) };
}

// §4.1 DHKEM: ExtractAndExpand(dh, enc || pkRm).
async function extractAndExpand(dhSecret, kemContext) {
  const prk = await labeledExtract(KEM_SUITE, new Uint8Array(0), 'eae_prk', dhSecret);
  return labeledExpand(KEM_SUITE, prk, 'shared_secret', kemContext, NH);
}

// §5.1 KeySchedule for mode_base (psk = psk_id = "").
async function keySchedule(sharedSecret, info) {
  const none = new Uint8Array(0);
  const context = concat(Uint8Array.of(0),
    await labeledExtract(HPKE_SUITE_ID, none, 'psk_id_hash', none),
    await labeledExtract(HPKE_SUITE_ID, none, 'info_hash', info));
  const secret = await labeledExtract(HPKE_SUITE_ID, sharedSecret, 'secret', none);
  return {
    key: await labeledExpand(HPKE_SUITE_ID, secret, 'key', context, NK),
    baseNonce: await labeledExpand(HPKE_SUITE_ID, secret, 'base_nonce', context, NN),
  };
}

/**
 * SetupBaseS (§5.1.1): {enc, sharedSecret, key, baseNonce} for the recipient's public key `pkR`
 * (65 bytes). `ephemeral` ({sk, pk} or a CryptoKeyPair) replaces the fresh ephemeral key (tests).
 */
export async function setupBaseS(pkR, info, { ephemeral } = {}) {
  const e = await importPrivate(ephemeral ?? await generateP256KeyPair());
  const secret = await dh(e.priv, await importPublic(pkR));
  const sharedSecret = await extractAndExpand(secret, concat(e.pk, pkR));
  return { enc: e.pk, sharedSecret, ...(await keySchedule(sharedSecret, info)) };
}

/** SetupBaseR (§5.1.1): the same context from `enc` and the recipient's private key. */
export async function setupBaseR(enc, recipient, info) {
  const r = await importPrivate(recipient);
  const secret = await dh(r.priv, await importPublic(enc));
  const sharedSecret = await extractAndExpand(secret, concat(enc, r.pk));
  return { enc, sharedSecret, ...(await keySchedule(sharedSecret, info)) };
}

const aes = (key, usage) => subtle().importKey('raw', key, 'AES-GCM', false, [usage]);

/** Single-shot seal: {enc, ct} (ct = ciphertext || 16-byte tag). */
export async function seal(pkR, info, aad, pt, options) {
  const ctx = await setupBaseS(pkR, info, options);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv: ctx.baseNonce, additionalData: aad }, await aes(ctx.key, 'encrypt'), pt);
  return { enc: ctx.enc, ct: new Uint8Array(ct) };
}

/** Single-shot open: the plaintext, or a rejection when anything does not match. */
export async function open(enc, recipient, info, aad, ct) {
  const ctx = await setupBaseR(enc, recipient, info);
  const pt = await subtle().decrypt({ name: 'AES-GCM', iv: ctx.baseNonce, additionalData: aad }, await aes(ctx.key, 'decrypt'), ct);
  return new Uint8Array(pt);
}
