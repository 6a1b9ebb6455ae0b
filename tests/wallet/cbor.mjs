// A small CBOR (RFC 8949) encoder and decoder for the test wallet. Browser-safe: no Buffer.
//
// Encoding is "preferred serialization" (§4.1): definite lengths, shortest argument for every
// integer and length, floats in the shortest of half/single/double that keeps the value exact.
// Maps keep insertion order (mdoc structures are signed as bytes, so the order is what we wrote).
//
//   JS value               CBOR
//   safe integer, BigInt   major 0 / 1 (BigInt for the full 64-bit range)
//   other number           float (f9 / fa / fb)
//   Uint8Array             byte string
//   string                 text string (UTF-8)
//   Array                  array
//   Map, plain object      map (Map for non-string keys such as COSE labels)
//   null / undefined / bool  f6 / f7 / f4 f5
//   Tagged(tag, value)     tag
//   EncodedCbor(bytes)     the bytes themselves (already-encoded CBOR, embedded as is)
//
// The decoder reads what the encoder makes: maps come back as Map, tags as Tagged, integers
// beyond 2^53 as BigInt.

export class Tagged {
  constructor(tag, value) { this.tag = tag; this.value = value; }
}

export class EncodedCbor {
  constructor(bytes) { this.bytes = bytes; }
}

const utf8 = new TextEncoder();

export function encode(value) {
  const out = [];
  write(out, value);
  let n = 0;
  for (const c of out) n += c.length;
  const bytes = new Uint8Array(n);
  let o = 0;
  for (const c of out) { bytes.set(c, o); o += c.length; }
  return bytes;
}

// Major type + argument, the argument in the fewest bytes (0, 1, 2, 4 or 8).
function head(out, major, arg) {
  const n = BigInt(arg);
  const m = major << 5;
  if (n < 24n) out.push(Uint8Array.of(m | Number(n)));
  else if (n < 0x100n) out.push(Uint8Array.of(m | 24, Number(n)));
  else if (n < 0x10000n) out.push(Uint8Array.of(m | 25, Number(n >> 8n), Number(n & 0xffn)));
  else if (n < 0x100000000n) {
    const b = new Uint8Array(5); b[0] = m | 26; new DataView(b.buffer).setUint32(1, Number(n)); out.push(b);
  } else if (n < 0x10000000000000000n) {
    const b = new Uint8Array(9); b[0] = m | 27; new DataView(b.buffer).setBigUint64(1, n); out.push(b);
  } else throw new RangeError('CBOR argument beyond 64 bits');
}

function writeInt(out, n) {
  if (n >= 0) head(out, 0, n);
  else head(out, 1, -BigInt(n) - 1n); // major 1 carries -1 - n
}

function writeFloat(out, x) {
  // Half precision first (exact only if it round-trips), then single, then double.
  const h = toHalf(x);
  if (h !== null) { out.push(Uint8Array.of(0xf9, h >> 8, h & 0xff)); return; }
  if (Math.fround(x) === x || Number.isNaN(x)) {
    const b = new Uint8Array(5); b[0] = 0xfa; new DataView(b.buffer).setFloat32(1, x); out.push(b); return;
  }
  const b = new Uint8Array(9); b[0] = 0xfb; new DataView(b.buffer).setFloat64(1, x); out.push(b);
}

// The IEEE half-precision bits of x, or null when x is not exactly representable as a half.
function toHalf(x) {
  if (Number.isNaN(x)) return 0x7e00;
  if (x === Infinity) return 0x7c00;
  if (x === -Infinity) return 0xfc00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === 0) return sign;
  for (let e = -14; e <= 15; e++) {          // normal and subnormal halves
    const scale = 2 ** (e - 10);             // value of one unit in the last place
    const mant = a / scale;
    if (e === -14 && mant < 1024 && Number.isInteger(mant)) return sign | mant; // subnormal
    if (mant >= 1024 && mant < 2048 && Number.isInteger(mant)) return sign | ((e + 15) << 10) | (mant - 1024);
  }
  return null;
}

function write(out, v) {
  if (v instanceof EncodedCbor) out.push(v.bytes);
  else if (v === null) out.push(Uint8Array.of(0xf6));
  else if (v === undefined) out.push(Uint8Array.of(0xf7));
  else if (v === false) out.push(Uint8Array.of(0xf4));
  else if (v === true) out.push(Uint8Array.of(0xf5));
  else if (typeof v === 'bigint') writeInt(out, v);
  else if (typeof v === 'number') Number.isSafeInteger(v) ? writeInt(out, v) : writeFloat(out, v);
  else if (typeof v === 'string') { const b = utf8.encode(v); head(out, 3, b.length); out.push(b); }
  else if (v instanceof Uint8Array) { head(out, 2, v.length); out.push(v); }
  else if (Array.isArray(v)) { head(out, 4, v.length); for (const x of v) write(out, x); }
  else if (v instanceof Tagged) { head(out, 6, v.tag); write(out, v.value); }
  else if (v instanceof Map) {
    head(out, 5, v.size);
    for (const [k, x] of v) { write(out, k); write(out, x); }
  } else if (typeof v === 'object') {
    const keys = Object.keys(v);
    head(out, 5, keys.length);
    for (const k of keys) { write(out, k); write(out, v[k]); }
  } else throw new TypeError(`cannot CBOR-encode ${typeof v}`);
}

// ---- decoder ----

const utf8d = new TextDecoder('utf-8', { fatal: true });

export function decode(bytes) {
  const r = { b: bytes, dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), i: 0 };
  const v = read(r);
  if (r.i !== bytes.length) throw new Error(`CBOR: ${bytes.length - r.i} trailing bytes`);
  return v;
}

function need(r, n) { if (r.i + n > r.b.length) throw new Error('CBOR: truncated'); }

function arg(r, info) {
  if (info < 24) return info;
  const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
  if (!size) throw new Error(`CBOR: unsupported additional info ${info} (indefinite lengths are not read)`);
  need(r, size);
  const at = r.i; r.i += size;
  if (size === 1) return r.dv.getUint8(at);
  if (size === 2) return r.dv.getUint16(at);
  if (size === 4) return r.dv.getUint32(at);
  const n = r.dv.getBigUint64(at);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function read(r) {
  need(r, 1);
  const ib = r.b[r.i++], major = ib >> 5, info = ib & 31;
  if (major === 7) {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 23) return undefined;
    const size = { 25: 2, 26: 4, 27: 8 }[info];
    if (!size) throw new Error(`CBOR: unsupported simple value ${info}`);
    need(r, size);
    const at = r.i; r.i += size;
    if (size === 4) return r.dv.getFloat32(at);
    if (size === 8) return r.dv.getFloat64(at);
    return fromHalf(r.dv.getUint16(at));
  }
  const n = arg(r, info);
  switch (major) {
    case 0: return n;
    case 1: return typeof n === 'bigint' || n > Number.MAX_SAFE_INTEGER - 1 ? -1n - BigInt(n) : -1 - n;
    case 2: need(r, Number(n)); return r.b.slice(r.i, (r.i += Number(n)));
    case 3: need(r, Number(n)); return utf8d.decode(r.b.subarray(r.i, (r.i += Number(n))));
    case 4: { const a = []; for (let k = 0; k < n; k++) a.push(read(r)); return a; }
    case 5: { const m = new Map(); for (let k = 0; k < n; k++) { const key = read(r); m.set(key, read(r)); } return m; }
    default: return new Tagged(n, read(r)); // major 6
  }
}

function fromHalf(h) {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 31, m = h & 1023;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1024 + m) * 2 ** (e - 25);
}
