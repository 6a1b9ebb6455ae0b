// hpke.mjs (WebCrypto) against RFC 9180 Appendix A.3.1 — DHKEM(P-256, HKDF-SHA256), HKDF-SHA256,
// AES-128-GCM, mode_base — and against the independent node:crypto opener of verify-helpers.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setupBaseS, setupBaseR, seal, open, generateP256KeyPair } from './hpke.mjs';
import { hpkeOpenNode } from './verify-helpers.mjs';

const h = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const hex = (b) => Buffer.from(b).toString('hex');

// RFC 9180 A.3.1 (Base Setup Information, and the sequence-number-0 encryption).
const A31 = {
  info: '4f6465206f6e2061204772656369616e2055726e',
  skEm: '4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb',
  pkEm: '04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4',
  skRm: 'f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2',
  pkRm: '04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a826a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0',
  enc: '04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4',
  shared_secret: 'c0d26aeab536609a572b07695d933b589dcf363ff9d93c93adea537aeabb8cb8',
  key: '868c066ef58aae6dc589b6cfdd18f97e',
  base_nonce: '4e0bc5018beba4bf004cca59',
  aad: '436f756e742d30', // "Count-0"
  pt: '4265617574792069732074727574682c20747275746820626561757479', // "Beauty is truth, truth beauty"
  ct: '5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434',
};
const ephemeral = { sk: h(A31.skEm), pk: h(A31.pkEm) };
const recipient = { sk: h(A31.skRm), pk: h(A31.pkRm) };

test('HPKE A.3.1: SetupBaseS with the vector\'s ephemeral key gives enc, shared_secret, key, base_nonce', async () => {
  const s = await setupBaseS(h(A31.pkRm), h(A31.info), { ephemeral });
  assert.equal(hex(s.enc), A31.enc);
  assert.equal(hex(s.sharedSecret), A31.shared_secret);
  assert.equal(hex(s.key), A31.key);
  assert.equal(hex(s.baseNonce), A31.base_nonce);
  const r = await setupBaseR(h(A31.enc), recipient, h(A31.info));
  assert.deepEqual([r.sharedSecret, r.key, r.baseNonce].map(hex), [A31.shared_secret, A31.key, A31.base_nonce]);
});

test('HPKE A.3.1: seal gives the sequence-0 ciphertext; open and the node:crypto opener give pt back', async () => {
  const { enc, ct } = await seal(h(A31.pkRm), h(A31.info), h(A31.aad), h(A31.pt), { ephemeral });
  assert.equal(hex(enc), A31.enc);
  assert.equal(hex(ct), A31.ct);
  assert.equal(hex(await open(h(A31.enc), recipient, h(A31.info), h(A31.aad), h(A31.ct))), A31.pt);
  assert.equal(hex(hpkeOpenNode(h(A31.enc), recipient, h(A31.info), h(A31.aad), h(A31.ct))), A31.pt);
});

test('HPKE: fresh keys round-trip both ways; a changed info, aad, ct or key fails', async () => {
  const r = await generateP256KeyPair();
  const info = randomBytes(40), aad = new Uint8Array(0), pt = randomBytes(1000);
  const a = await seal(r.pk, info, aad, pt);
  const b = await seal(r.pk, info, aad, pt);
  assert.notEqual(hex(a.enc), hex(b.enc)); // a fresh ephemeral key each time
  assert.equal(a.enc.length, 65);
  assert.equal(a.ct.length, pt.length + 16);
  assert.deepEqual(await open(a.enc, r, info, aad, a.ct), new Uint8Array(pt));

  // The node:crypto opener needs the raw private scalar: a recipient made there, sealed here.
  const raw = { sk: h(A31.skRm), pk: h(A31.pkRm) };
  const c = await seal(raw.pk, info, aad, pt);
  assert.deepEqual(hpkeOpenNode(c.enc, raw, info, aad, c.ct), Buffer.from(pt));
  const flipped = c.ct.slice(); flipped[0] ^= 1;
  assert.throws(() => hpkeOpenNode(c.enc, raw, info, aad, flipped));
  assert.throws(() => hpkeOpenNode(c.enc, raw, randomBytes(40), aad, c.ct));
  assert.throws(() => hpkeOpenNode(c.enc, raw, info, Uint8Array.of(1), c.ct));
  await assert.rejects(open(c.enc, raw, info, aad, flipped));
  await assert.rejects(open(a.enc, raw, info, aad, a.ct)); // sealed to another key
});
