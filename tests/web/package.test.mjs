// The package as people install it: `npm pack` (the built dist/), installed from the tarball
// into a fresh project; "files" ships exactly what is needed, "exports" resolves, esbuild bundles
// `import { mount } from 'idv-widget'` and the page finds the copied .wasm (Chromium, strict
// CSP); "sideEffects" keeps the element registration; tsc --strict accepts a consumer written
// against the core and React types (tests/web/fixtures/consumer/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync,
  writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startServer, repoRoot, STRICT_CSP } from './helpers/server.mjs';
import { launch, waitState, sleep } from './helpers/browser.mjs';
import { LOCALES } from '../../web/src/i18n.js';

const tmp = mkdtempSync(join(tmpdir(), 'idv-package-'));
const project = join(tmp, 'shop'); // the fresh consumer project
const installed = join(project, 'node_modules/idv-widget');
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund',
  '--loglevel=error'], { cwd, encoding: 'utf8' });
let packed; // npm pack --json's entry: filename, files

before(() => {
  [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], repoRoot));
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module' }));
  // --offline: the package has no dependencies, and React is an optional peer.
  npm(['install', '--offline', '--ignore-scripts', join(tmp, packed.filename)], project);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('"files": the tarball holds exactly the runtime, the wasm, the types and the docs', () => {
  const catalogues = LOCALES.filter((l) => l !== 'en')
    .map((l) => `dist/idv-widget.messages/${l}.json`);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [
    ...catalogues,
    'README.md',
    'dist/idv-widget-frame.d.ts',
    'dist/idv-widget-frame.js',
    'dist/idv-widget-frame.mjs',
    'dist/idv-widget-react.d.ts',
    'dist/idv-widget-react.mjs',
    'dist/idv-widget.d.ts',
    'dist/idv-widget.js',
    'dist/idv-widget.mjs',
    'dist/idv-widget.wasm',
    'docs/widget-api.md',
    'package.json',
  ].sort());
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.peerDependenciesMeta?.react?.optional, true, 'React only for idv-widget/react');
  assert.equal(pkg.dependencies, undefined);
});

test('"exports" resolve from the consumer (import and require), React not installed', () => {
  const require = createRequire(join(project, 'index.js'));
  const at = (f) => join(installed, 'dist', f);
  assert.equal(require.resolve('idv-widget'), at('idv-widget.mjs'));
  assert.equal(require.resolve('idv-widget/react'), at('idv-widget-react.mjs'));
  assert.equal(require.resolve('idv-widget/idv-widget.wasm'), at('idv-widget.wasm'));
  assert.equal(require.resolve('idv-widget/idv-widget.js'), at('idv-widget.js'));
  assert.throws(() => require.resolve('idv-widget/dist/idv-widget.mjs'),
    { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  assert.throws(() => require.resolve('react'), { code: 'MODULE_NOT_FOUND' }, 'no React needed');
  // import (the ESM conditions) from inside the project, on a server: resolves, loads, no throw.
  writeFileSync(join(project, 'server.mjs'), `const { mount } = await import('idv-widget');
console.log(JSON.stringify({ mount: typeof mount, url: import.meta.resolve('idv-widget') }));`);
  const out = JSON.parse(execFileSync(process.execPath, ['server.mjs'], { cwd: project, encoding: 'utf8' }));
  assert.deepEqual(out, { mount: 'function', url: 'file://' + at('idv-widget.mjs') });
});

test('"sideEffects": a bare import still registers <idv-widget>', async () => {
  const r = await build({
    stdin: { contents: "import 'idv-widget';", resolveDir: project },
    bundle: true, format: 'esm', write: false, minify: true, logLevel: 'silent',
  });
  assert.match(r.outputFiles[0].text, /customElements\.define/);
});

test('esbuild bundles the installed package; the page finds the .wasm beside the bundle', async () => {
  const pub = join(project, 'public');
  cpSync(join(repoRoot, 'tests/web/fixtures/consumer'), project, { recursive: true });
  await build({
    entryPoints: [join(project, 'main.ts')],
    absWorkingDir: project,
    bundle: true,
    format: 'esm',
    minify: true,
    outfile: join(pub, 'main.js'),
    logLevel: 'warning',
  });
  // What the docs tell merchants to do with the wasm: copy it beside the bundle.
  copyFileSync(createRequire(join(project, 'index.js')).resolve('idv-widget/idv-widget.wasm'),
    join(pub, 'idv-widget.wasm'));

  const srv = await startServer();
  const browser = await launch();
  try {
    const ref = srv.track();
    const url = srv.page('/shop.html',
      readFileSync(join(project, 'index.html'), 'utf8'), STRICT_CSP);
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[page] ${e.message}`));
    const served = [];
    await page.route(`${srv.origin}/app/*`, (route) => {
      const name = new URL(route.request().url()).pathname.slice('/app/'.length);
      served.push(name);
      route.fulfill({ body: readFileSync(join(pub, name)),
        contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    });
    await page.goto(`${url}?ref=${ref}`);
    await waitState(page, 'awaitingScan', '#verify');
    assert.deepEqual(served.sort(), ['idv-widget.wasm', 'main.js']);
    srv.update(ref, { status: 'COMPLETED' });
    await waitState(page, 'submitted', '#verify');
    await sleep(300);
    const log = await page.evaluate(() => window.consumer);
    assert.equal(log.success.length, 1);
    assert.deepEqual(log.errors, []);
  } finally {
    await browser.close();
    await srv.close();
  }
});

test('tsc --strict compiles the consumer against the core and React types (Bundler, NodeNext)', () => {
  cpSync(join(repoRoot, 'tests/web/fixtures/consumer'), project, { recursive: true });
  // The consumer's React and its types: this repository's copies (no download).
  mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
  for (const dep of ['react', '@types/react']) {
    symlinkSync(join(repoRoot, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
  }
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const run = (...extra) => {
    try {
      execFileSync(process.execPath, [tsc, '-p', project, ...extra], { encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc ${extra.join(' ')}:\n${e.stdout}${e.stderr}`);
    }
  };
  run();
  run('--module', 'NodeNext', '--moduleResolution', 'NodeNext');
});
