// 2. QR encoding throughput (codes/s, ECC M, median of N runs) for 60-, 300- and 1,000-character
// portal URLs: our wasm in node (through the bridge's qrSvg export: encode + SVG path + JSON +
// decode in JS), native libqrencode and the core's C++ natively (bench/native/qr_native.cpp),
// npm qr (paulmillr), uqr, qrcode and lean-qr — each both as "matrix only" and "to SVG" where it
// has one. Every row returns its symbol size (modules, no quiet zone) so that the table can show
// that all of them chose the same QR version.
import { join } from 'node:path';
import QRCode from 'qrcode';
import encodeQR from 'qr';
import { encode as uqrEncode, renderSVG as uqrSvg } from 'uqr';
import { generate, correction } from 'lean-qr';
import { toSvgPath } from 'lean-qr/extras/svg';
import { loadTestBridge } from '../tests/web/helpers/core.mjs';
import { buildDir, median, portalText, run } from './lib/util.mjs';

export const LENGTHS = [60, 300, 1000];

// Rates per CPU-second of this process (process.cpuUsage: user + system, every thread, so a
// library's GC work counts), not per wall-clock second: the encoders are single-threaded, and on
// the shared 2-core machine other jobs took up to 5/6 of the wall clock, which moved wall-clock
// rates by 2–5× between runs while CPU-time rates stayed within ~10 %. Wall-clock rates are
// kept in `wallRuns`.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function measure(runs, msPerRun, fn) {
  for (let i = 0; i < 20; i++) fn(); // warm-up (JIT, wasm tier-up)
  const t0 = performance.now();
  while (performance.now() - t0 < Math.min(300, msPerRun)) fn();
  const rates = [];
  const wallRates = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = cpuMs();
    const wallStart = performance.now();
    let elapsed;
    do {
      for (let i = 0; i < 8; i++) fn();
      n += 8;
      elapsed = cpuMs() - start;
    } while (elapsed < msPerRun);
    rates.push((n * 1000) / elapsed);
    wallRates.push((n * 1000) / (performance.now() - wallStart));
  }
  return { rates, wallRates };
}

export async function benchQr({ runs = 7, msPerRun = 400 } = {}) {
  const bridge = await loadTestBridge();
  const leanOpts = { minCorrectionLevel: correction.M, maxCorrectionLevel: correction.M };
  const qrOpts = { ecc: 'medium', encoding: 'byte' };
  const uqrOpts = { ecc: 'M', border: 0 };
  const results = [];
  for (const n of LENGTHS) {
    const text = portalText(n);
    const impls = {
      'idv-widget wasm in node (qrSvg: matrix + SVG path + JSON)': () => {
        const r = bridge.qrSvg(text, 'M');
        if (!r.ok) throw new Error(r.error);
        return r.size - 2 * r.quietZone;
      },
      // qr's border must be ≥ 1 and defaults to 2: its raw matrix is the symbol plus 2 × 2.
      'npm qr (encodeQR raw: matrix)': () => encodeQR(text, 'raw', qrOpts).length - 4,
      'npm qr (encodeQR svg)': () => {
        const svg = encodeQR(text, 'svg', qrOpts);
        return Number(/viewBox="0 0 (\d+)/.exec(svg)[1]) - 4;
      },
      'npm uqr (encode: matrix)': () => uqrEncode(text, uqrOpts).size,
      'npm uqr (renderSVG)': () => {
        const svg = uqrSvg(text, { ...uqrOpts, pixelSize: 1 });
        return Number(/viewBox="0 0 (\d+)/.exec(svg)[1]);
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
      const { rates, wallRates } = measure(runs, msPerRun, fn);
      results.push({ impl, chars: n, size, runs: rates, median: median(rates), wallRuns: wallRates });
    }
  }
  // Native: libqrencode alone, and the core's own C++ (matrix + path).
  const native = JSON.parse(run(join(buildDir, 'qr_native'), [String(runs), String(msPerRun), ...LENGTHS.map(portalText)]));
  for (const r of native.results) results.push({ ...r, impl: `native ${r.impl}`, median: median(r.runs) });
  return { runs, msPerRun, clock: 'process CPU time', results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchQr({ runs: 3, msPerRun: 200 });
  for (const x of r.results) console.log(x.chars, x.impl, x.size, Math.round(x.median));
}
