// 2. QR encoding throughput (codes/s, ECC M, median of N runs) for 60-, 300- and 1,000-character
// portal URLs: our wasm in node (through the bridge's qrSvg export: encode + SVG path + JSON +
// decode in JS), native libqrencode and the core's C++ natively (bench/native/qr_native.cpp),
// npm qrcode and npm lean-qr — each both as "matrix only" and "to an SVG path" where it has one.
import { join } from 'node:path';
import QRCode from 'qrcode';
import { generate, correction } from 'lean-qr';
import { toSvgPath } from 'lean-qr/extras/svg';
import { loadBridge } from './lib/core.mjs';
import { buildDir, median, portalText, run } from './lib/util.mjs';

export const LENGTHS = [60, 300, 1000];

function measure(runs, msPerRun, fn) {
  for (let i = 0; i < 20; i++) fn(); // warm-up (JIT, wasm tier-up)
  const t0 = performance.now();
  while (performance.now() - t0 < Math.min(300, msPerRun)) fn();
  const rates = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed;
    do {
      for (let i = 0; i < 8; i++) fn();
      n += 8;
      elapsed = performance.now() - start;
    } while (elapsed < msPerRun);
    rates.push((n * 1000) / elapsed);
  }
  return rates;
}

export async function benchQr({ runs = 7, msPerRun = 400 } = {}) {
  const { bridge } = await loadBridge();
  const leanOpts = { minCorrectionLevel: correction.M, maxCorrectionLevel: correction.M };
  const results = [];
  for (const n of LENGTHS) {
    const text = portalText(n);
    const impls = {
      'idv-widget wasm in node (qrSvg: matrix + SVG path + JSON)': () => {
        const r = bridge.qrSvg(text, 1);
        if (!r.ok) throw new Error(r.error);
        return r.size - 2 * r.quietZone;
      },
      'npm qrcode (create: matrix)': () => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size,
      'npm qrcode (toString svg)': () => {
        let size = 0;
        QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M' }, (e, s) => { if (e) throw e; size = s.length; });
        return size && QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size;
      },
      'npm lean-qr (generate: matrix)': () => generate(text, leanOpts).size,
      'npm lean-qr (generate + toSvgPath)': () => {
        const code = generate(text, leanOpts);
        toSvgPath(code);
        return code.size;
      },
    };
    for (const [impl, fn] of Object.entries(impls)) {
      const size = fn();
      const rates = measure(runs, msPerRun, fn);
      results.push({ impl, chars: n, size, runs: rates, median: median(rates) });
    }
  }
  // Native: libqrencode alone, and the core's own C++ (matrix + path).
  const native = JSON.parse(run(join(buildDir, 'qr_native'), [String(runs), String(msPerRun), ...LENGTHS.map(portalText)]));
  for (const r of native.results) results.push({ ...r, impl: `native ${r.impl}`, median: median(r.runs) });
  return { runs, msPerRun, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchQr({ runs: 3, msPerRun: 200 });
  for (const x of r.results) console.log(x.chars, x.impl, x.size, Math.round(x.median));
}
