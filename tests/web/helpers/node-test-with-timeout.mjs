// node:test as the suites know it, with a default timeout on every test and hook (see
// per-test-timeout.mjs for why). Options a test passes itself win; subtests inherit.
import * as real from 'node:test';

export * from 'node:test';

const limit = Number(process.env.IDV_NODE_TEST_TIMEOUT_MS) || 120_000;

// test([name][, options][, fn]) in any of the shapes node accepts.
function parts(args) {
  const p = { name: undefined, options: {}, fn: undefined };
  for (const a of args) {
    if (typeof a === 'string') p.name = a;
    else if (typeof a === 'function') p.fn = a;
    else if (a && typeof a === 'object') p.options = a;
  }
  return p;
}

function withTimeout(fn) {
  const call = (args, extra) => {
    const { name, options, fn: body } = parts(args);
    const o = { timeout: limit, ...options, ...extra };
    return name === undefined ? fn(o, body) : fn(name, o, body);
  };
  const wrapped = (...args) => call(args, {});
  wrapped.skip = (...args) => call(args, { skip: true });
  wrapped.todo = (...args) => call(args, { todo: true });
  wrapped.only = (...args) => call(args, { only: true });
  return wrapped;
}

// before([fn][, options]) and the other hooks.
const hookWithTimeout = (fn) => (body, options) => fn(body, { timeout: limit, ...options });

export const test = withTimeout(real.test);
export const it = withTimeout(real.it);
export const before = hookWithTimeout(real.before);
export const after = hookWithTimeout(real.after);
export const beforeEach = hookWithTimeout(real.beforeEach);
export const afterEach = hookWithTimeout(real.afterEach);
export default test;
