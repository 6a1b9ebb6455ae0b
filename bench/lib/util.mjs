// Small shared helpers of the benchmarks: statistics, formatting, paths, processes.
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import net from 'node:net';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const benchDir = join(repoRoot, 'bench');
export const resultsDir = join(benchDir, 'results');
export const buildDir = join(repoRoot, 'build/bench');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function quantile(values, q) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
export const median = (v) => quantile(v, 0.5);

export function fmtInt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}
export function fmtNum(n, digits = 1) {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
export const fmtMs = (n, digits = 1) => `${fmtNum(n, digits)} ms`;
export const fmtBytes = (n) => `${fmtInt(n)} B`;

export function log(...args) {
  process.stderr.write(`[bench] ${args.join(' ')}\n`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

/** Spawns a long-running process and resolves once its stdout/stderr contains `ready`. */
export async function startProcess(bin, args, { env = {}, ready = 'listening on', timeoutMs = 15000 } = {}) {
  const proc = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bin} did not start:\n${out.slice(-2000)}`)), timeoutMs);
    const onData = (d) => {
      out += d;
      if (out.includes(ready)) { clearTimeout(timer); resolve(); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${bin} exited ${code}:\n${out.slice(-2000)}`)); });
  });
  proc.removeAllListeners('exit');
  // Keep draining output so a chatty server never blocks on a full pipe.
  proc.stdout.on('data', () => {});
  proc.stderr.on('data', () => {});
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    exited,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
}

/** A string of exactly `n` characters that looks like a portal URL (byte mode, like ours). */
export function portalText(n) {
  const base = 'https://verify.example.com/p/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10';
  if (n <= base.length) return base.slice(0, n - 7) + base.slice(base.length - 7);
  let s = base + '?lang=en&return=' ;
  const filler = 'https%3A%2F%2Fshop.example.com%2Fcheckout%2Forder-1042%2Fstep-3%3Fsession%3D';
  while (s.length < n) s += filler;
  return s.slice(0, n);
}
