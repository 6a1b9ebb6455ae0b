// Assembles dist/ from web/ and the core built by the `wasm` CMake preset:
//   idv-widget.js   classic script, global IdvWidget      idv-widget.wasm  the core
//   idv-widget.mjs  ES module                             idv-widget.d.ts  hand-written types
//   idv-widget-react.mjs  React component (idv-widget/react), idv-widget-react.d.ts
//   idv-widget.messages/<locale>.json  the non-English catalogues, fetched on demand
// Usage: node web/build.mjs [--wasm path/to/idv-widget.wasm]
import { build, transform } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync,
  writeFileSync } from 'node:fs';
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

// web/styles.css is imported by styles.js as a string: minified here, so its comments stay in
// the source, not in every checkout page's download.
function cssAsMinifiedText() {
  return {
    name: 'css-as-minified-text',
    setup(b) {
      b.onLoad({ filter: /\.css$/ }, async (args) => {
        const { code } = await transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: true });
        return { contents: code.trim(), loader: 'text' };
      });
    },
  };
}

const common = {
  bundle: true,
  minify: true,
  target: ['chrome100', 'firefox100', 'safari15.4'],
  legalComments: 'none',
  plugins: [cssAsMinifiedText()],
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
// The React component: React stays the app's (a peer dependency), and the runtime is the ES
// module beside it — one runtime per app, whose import.meta.url still finds the .wasm.
await build({
  ...common,
  minify: false, // small; the app's bundler minifies, and React DevTools keeps the name
  banner: { js: common.banner.js + '\n"use client";' }, // a client component (React Server Components)
  entryPoints: [join(root, 'web/react.js')],
  format: 'esm',
  outfile: join(dist, 'idv-widget-react.mjs'),
  external: ['react'],
  plugins: [{
    name: 'runtime-beside',
    setup(b) {
      b.onResolve({ filter: /^\.\/entry-esm\.js$/ }, () => ({ path: './idv-widget.mjs', external: true }));
    },
  }],
});
copyFileSync(wasm, join(dist, 'idv-widget.wasm'));
copyFileSync(join(root, 'web/idv-widget.d.ts'), join(dist, 'idv-widget.d.ts'));
copyFileSync(join(root, 'web/react.d.ts'), join(dist, 'idv-widget-react.d.ts'));
// Catalogues: the bundle holds English only, so it does not grow with each language.
const messages = join(dist, 'idv-widget.messages');
rmSync(messages, { recursive: true, force: true });
mkdirSync(messages);
for (const f of readdirSync(join(root, 'web/messages')).filter((f) => f.endsWith('.json'))) {
  // Parsed and re-serialised: a malformed catalogue fails the build, and ships minified.
  const table = JSON.parse(readFileSync(join(root, 'web/messages', f), 'utf8'));
  writeFileSync(join(messages, f), JSON.stringify(table));
}

// ---- Frame mode (docs/widget-api.md, "Frame mode") ------------------------------------------
//   idv-widget-frame.js / .mjs      parent side, global IdvWidgetFrame: no WebAssembly
//   idv-widget-frame-inside.js      frame side, served by the service as /widget/frame.js
//   idv-widget-frame.d.ts
const frameCommon = { ...common, banner: { js: '/*! idv-widget frame mode | LGPL-2.1-or-later */' } };
await build({ ...frameCommon, entryPoints: [join(root, 'web/frame/entry.js')], format: 'iife',
  globalName: 'IdvWidgetFrame', outfile: join(dist, 'idv-widget-frame.js') });
await build({ ...frameCommon, entryPoints: [join(root, 'web/frame/entry.js')], format: 'esm',
  outfile: join(dist, 'idv-widget-frame.mjs') });
await build({ ...frameCommon, entryPoints: [join(root, 'web/frame/inside.js')], format: 'iife',
  outfile: join(dist, 'idv-widget-frame-inside.js') });
copyFileSync(join(root, 'web/frame.d.ts'), join(dist, 'idv-widget-frame.d.ts'));
for (const f of ['idv-widget-frame.js', 'idv-widget-frame.mjs']) {
  const bytes = readFileSync(join(dist, f));
  console.log(`dist/${f} ${bytes.length} B  ${gzipSync(bytes, { level: 9 }).length} B gzip`);
}
// ---- end of frame mode -------------------------------------------------------------------------

for (const f of ['idv-widget.js', 'idv-widget.mjs', 'idv-widget.wasm']) {
  const bytes = readFileSync(join(dist, f));
  console.log(`dist/${f.padEnd(16)} ${String(bytes.length).padStart(7)} B  ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B gzip`);
}
