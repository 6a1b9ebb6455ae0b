// Splits a .wasm file into its sections (id, name, payload size) — enough to tell code from data.
const NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'datacount', 'tag'];

function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, pos];
  }
}

/** @returns {{id:number, name:string, start:number, end:number, size:number}[]} whole sections (header included) */
export function wasmSections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm file');
  const out = [];
  let pos = 8;
  while (pos < buf.length) {
    const start = pos;
    const id = buf[pos++];
    const [len, p] = leb(buf, pos);
    let name = NAMES[id] ?? `unknown${id}`;
    if (id === 0) {
      const [nlen, q] = leb(buf, p);
      name = `custom:${buf.subarray(q, q + nlen).toString('utf8')}`;
    }
    pos = p + len;
    out.push({ id, name, start, end: pos, size: pos - start });
  }
  return out;
}
