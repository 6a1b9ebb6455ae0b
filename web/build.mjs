// Assembles dist/ from web/ and the core built by the `wasm` CMake preset:
//   idv-widget.js   classic script, global IdvWidget      idv-widget.wasm  the core
//   idv-widget.mjs  ES module                             idv-widget.d.ts  hand-written types
// Usage: node web/build.mjs [--wasm path/to/idv-widget.wasm]
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const argWasm = process.argv.indexOf('--wasm');
const wasm = argWasm > 0 ? process.argv[argWasm + 1]
  : join(root, 'build/wasm/bindings/idv-widget.wasm');

if (!existsSync(wasm)) {
  console.error(`build.mjs: ${wasm} is missing — run: cmake --preset wasm && cmake --build --preset wasm`);
  process.exit(1);
}
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  target: ['chrome100', 'firefox100', 'safari15.4'],
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: '/*! idv-widget | LGPL-2.1-or-later (includes libqrencode) */' },
};
await build({
  ...common,
  entryPoints: [join(root, 'web/entry-classic.js')],
  format: 'iife',
  globalName: 'IdvWidget',
  outfile: join(dist, 'idv-widget.js'),
});
await build({
  ...common,
  entryPoints: [join(root, 'web/entry-esm.js')],
  format: 'esm',
  outfile: join(dist, 'idv-widget.mjs'),
});
copyFileSync(wasm, join(dist, 'idv-widget.wasm'));
copyFileSync(join(root, 'web/idv-widget.d.ts'), join(dist, 'idv-widget.d.ts'));

for (const f of ['idv-widget.js', 'idv-widget.mjs', 'idv-widget.wasm']) {
  const bytes = readFileSync(join(dist, f));
  console.log(`dist/${f.padEnd(16)} ${String(bytes.length).padStart(7)} B  ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B gzip`);
}
