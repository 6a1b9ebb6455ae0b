// Loads the real core (the shipped dist/idv-widget.wasm, else the build output) through the
// runtime's own loader and bridge — the zxing-wasm way: bytes from disk, no fetch.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiateCore } from '../../../web/src/wasm.js';
import { Bridge } from '../../../web/src/bridge.js';
import { repoRoot } from './server.mjs';

// IDV_WASM names another build of the module (e.g. a deliberately broken one, to see a test
// fail); otherwise the shipped file, else the build output.
export const wasmPath = [
  process.env.IDV_WASM,
  join(repoRoot, 'dist/idv-widget.wasm'),
  join(repoRoot, 'build/wasm/bindings/idv-widget.wasm'),
].find((p) => p && existsSync(p));

// The test build of the same sources: production exports plus the QR encoder and the
// tracking parser on their own (tests/wasm/test_exports.cpp). IDV_TEST_WASM overrides it.
export const testWasmPath = [
  process.env.IDV_TEST_WASM,
  join(repoRoot, 'build/wasm/bindings/idv-widget-test.wasm'),
].find((p) => p && existsSync(p));

export async function loadBridge() {
  if (!wasmPath) throw new Error('no idv-widget.wasm: build the wasm preset and run node web/build.mjs');
  return new Bridge(await instantiateCore(readFileSync(wasmPath)));
}

/** The Bridge plus the test-only exports: qrSvg(text, 'L'|'M'|'Q'|'H') and parseTracking(body). */
export class TestBridge extends Bridge {
  qrSvg(text, ecc = 'M') {
    return this.withString(text, (t) => this.withString(ecc, (e) => this.json(this.x.idv_qr_svg(t, e))));
  }
  parseTracking(body) {
    return this.withString(body, (p) => this.json(this.x.idv_parse_tracking(p)));
  }
}

export async function loadTestBridge() {
  if (!testWasmPath) throw new Error('no idv-widget-test.wasm: build the wasm preset (scripts/build wasm)');
  return new TestBridge(await instantiateCore(readFileSync(testWasmPath)));
}
