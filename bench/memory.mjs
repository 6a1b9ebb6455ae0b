// 6. Memory: the wasm linear memory (memory.buffer.byteLength) and the malloc'd bytes at start and
// after N simulated poll cycles through the bridge on a fake clock (timer → fetch → response).
// Linear memory is read from the shipped dist/idv-widget.wasm; the in-use heap bytes from a
// relink of the same objects with two extra exports (bench/wasm/heap_stats.c), since the shipped
// module exposes no allocator statistics.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadBridge } from './lib/core.mjs';
import { buildDir } from './lib/util.mjs';

const REF = '3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10';
const API = 'https://verify.example.com';

function simulate(bridge, exports, cycles, sample) {
  let now = Date.parse('2026-11-22T09:00:00Z');
  const expiresAt = new Date(now + 30 * 86400e3).toISOString();
  let version = 1;
  const body = () => JSON.stringify({
    trackingReference: REF, status: 'PENDING', version, portalUrl: `${API}/p/${REF}`,
    expiresAt, updatedAt: '2026-11-22T09:00:00Z',
  });
  const h = bridge.create({ trackingReference: REF, apiBase: API, randomSeed: 42 });
  let cmds = bridge.start(h, now);
  const at = { start: sample() };
  let fetches = 0;
  let statuses = { 200: 0, 304: 0, 503: 0 };
  for (let i = 0; i < cycles; i++) {
    const fetch = cmds.find((c) => c.type === 'fetch');
    if (fetch) {
      fetches++;
      now += 40;
      // Mostly 304 (idle widget), every 10th a full 200 with a new version, every 97th a 503.
      if (i % 97 === 96 && i > 0) {
        statuses[503]++;
        cmds = bridge.response(h, now, fetch.requestId, 503, '{"error":"x"}', null, null);
      } else if (i === 0 || i % 10 === 9) {
        statuses[200]++;
        version++;
        cmds = bridge.response(h, now, fetch.requestId, 200, body(), null, `"v${version}"`);
      } else {
        statuses[304]++;
        cmds = bridge.response(h, now, fetch.requestId, 304, '', null, `"v${version}"`);
      }
    }
    const wake = cmds.find((c) => c.type === 'wake');
    if (!wake) throw new Error(`cycle ${i}: no wake command in ${JSON.stringify(cmds).slice(0, 300)}`);
    now = Math.max(now, wake.atMs);
    cmds = bridge.timer(h, now);
    if (i === 99) at.after100 = sample();
  }
  at.end = sample();
  bridge.destroy(h);
  at.afterDestroy = sample();
  return { at, fetches, statuses, simulatedHours: (now - Date.parse('2026-11-22T09:00:00Z')) / 3600e3 };
}

export async function benchMemory({ cycles = 10000 } = {}) {
  const out = { cycles };
  {
    const { bridge, exports } = await loadBridge();
    const sample = () => ({ linearBytes: exports.memory.buffer.byteLength });
    const initial = sample();
    out.dist = { initial, ...simulate(bridge, exports, cycles, sample) };
  }
  const heapWasm = join(buildDir, 'idv-widget-heap.wasm');
  if (existsSync(heapWasm)) {
    const { bridge, exports } = await loadBridge(heapWasm);
    const sample = () => {
      const size = exports.idv_bench_heap_size();
      const free = exports.idv_bench_heap_free();
      return { linearBytes: exports.memory.buffer.byteLength, heapBytes: size, heapInUse: size - free };
    };
    const initial = sample();
    out.instrumented = { initial, ...simulate(bridge, exports, cycles, sample) };
  } else {
    out.instrumented = null;
    out.note = 'build/bench/idv-widget-heap.wasm missing: in-use heap bytes not measured';
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchMemory({ cycles: 2000 }), null, 1));
}
