// A per-test timeout for every node suite (scripts/test loads this with --import).
//
// Why not just `node --test --test-timeout=N`: in node 20 that flag times each test FILE (the
// runner starts one process per file and the file is the test it times), so it either kills
// a healthy long suite or lets a single hung test stall CI for the whole budget. Instead this
// resolve hook hands every `import … from 'node:test'` of the suites a thin wrapper
// (node-test-with-timeout.mjs) whose test/it and hooks carry `timeout` unless they set their
// own. scripts/test still passes a generous --test-timeout as the per-file backstop.
//
// IDV_NODE_TEST_TIMEOUT_MS sets the per-test limit (default 120000).
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const WRAPPER = new URL('./node-test-with-timeout.mjs', import.meta.url).href;

// Loaded twice: by --import on the main thread (registers), and as the hooks module on the
// loader thread (answers resolve).
if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, next) {
  if ((specifier === 'node:test' || specifier === 'test') && context.parentURL !== WRAPPER) {
    return { url: WRAPPER, shortCircuit: true };
  }
  return next(specifier, context);
}
