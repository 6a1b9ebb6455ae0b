// The real core in node, through the runtime's own loader and bridge (bytes from disk, no fetch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiateCore } from '../../web/src/wasm.js';
import { Bridge } from '../../web/src/bridge.js';
import { repoRoot } from './util.mjs';

export const distWasm = join(repoRoot, 'dist/idv-widget.wasm');

export async function loadBridge(path = distWasm) {
  const exports = await instantiateCore(readFileSync(path));
  return { bridge: new Bridge(exports), exports };
}
