// 1. Bundle: what a page downloads — ours (runtime JS + wasm, the wasm split by section) and the
// minimal qrcode / lean-qr pages bundled with esbuild — raw, gzip -9 and brotli (q11).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import * as esbuild from 'esbuild';
import { repoRoot, benchDir, buildDir } from './lib/util.mjs';
import { wasmSections } from './lib/wasm-sections.mjs';

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
});

/** Bundles a bench/pages entry the way a merchant would ship it (minified IIFE for browsers). */
export async function bundleAlternative(entry) {
  const outDir = join(buildDir, 'pages');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, entry.replace(/\.js$/, '.bundle.js'));
  await esbuild.build({
    entryPoints: [join(benchDir, 'pages', entry)], bundle: true, minify: true, format: 'iife',
    platform: 'browser', target: 'es2020', outfile, logLevel: 'error', legalComments: 'none',
  });
  return outfile;
}

export async function benchBundle() {
  const js = readFileSync(join(repoRoot, 'dist/idv-widget.js'));
  const esm = readFileSync(join(repoRoot, 'dist/idv-widget.mjs'));
  const wasm = readFileSync(join(repoRoot, 'dist/idv-widget.wasm'));
  const secs = wasmSections(wasm);
  const pick = (pred) => Buffer.concat(secs.filter(pred).map((s) => wasm.subarray(s.start, s.end)));
  const code = pick((s) => s.name === 'code');
  const data = pick((s) => s.name === 'data');
  const other = pick((s) => s.name !== 'code' && s.name !== 'data');
  const rows = {
    'idv-widget: runtime JS (idv-widget.js, classic)': sizes(js),
    'idv-widget: runtime JS (idv-widget.mjs, ESM)': sizes(esm),
    'idv-widget: wasm total': sizes(wasm),
    'idv-widget: wasm code section': sizes(code),
    'idv-widget: wasm data section': sizes(data),
    'idv-widget: wasm other sections': sizes(other),
  };
  // What goes over the wire: two separately compressed responses.
  const page = { raw: 0, gzip: 0, brotli: 0 };
  for (const part of [rows['idv-widget: runtime JS (idv-widget.js, classic)'], rows['idv-widget: wasm total']])
    for (const k of Object.keys(page)) page[k] += part[k];
  rows['idv-widget: page download (js + wasm)'] = page;

  for (const [name, entry] of [['qrcode', 'alt-qrcode.js'], ['lean-qr', 'alt-lean-qr.js']]) {
    const out = await bundleAlternative(entry);
    rows[`${name}: minimal page bundle (esbuild, minified)`] = sizes(readFileSync(out));
  }
  const sectionList = secs.map((s) => ({ name: s.name, bytes: s.size }));
  return { rows, wasmSections: sectionList };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchBundle();
  console.log(r);
  writeFileSync('/dev/null', '');
}
