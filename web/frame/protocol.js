// The frame-mode postMessage protocol, shared by both sides (docs/widget-api.md, "Frame mode").
//   frame → parent  {v:1, type:'ready'|'height'|'state'|'statusChange'|'success'|'expired'|
//                          'error'|'event'|'decision', …}
//   parent → frame  {v:1, type:'refresh'|'destroy'}
// Each side checks the sender (exact origin and window) before it looks at the message; these
// functions then check its shape. Anything else — another version, an unknown type, a field of
// the wrong kind — is null and ignored.
export const V = 1;

// frame → parent: type → what the rest of the message must hold.
const FROM_FRAME = {
  ready: () => true,
  height: (m) => Number.isFinite(m.height) && m.height >= 0,
  state: (m) => typeof m.state === 'string',
  statusChange: detail,
  success: detail,
  expired: detail,
  error: detail,
  event: detail,
  decision: detail,
};
function detail(m) {
  return typeof m.detail === 'object' && m.detail !== null && !Array.isArray(m.detail);
}

const check = (table) => (data) =>
  typeof data === 'object' && data !== null && data.v === V && Object.hasOwn(table, data.type) &&
  table[data.type](data) ? data : null;

/** A frame → parent message, or null. */
export const fromFrame = check(FROM_FRAME);
/** A parent → frame message, or null. */
export const fromParent = check({ refresh: () => true, destroy: () => true });

// The widget options that travel in the URL fragment (never sent to a server, so never in an
// access log): fragment key → option. Callbacks stay in the parent; apiBase is where the frame
// is served from; wasmUrl is the frame's own business.
export const FRAGMENT = {
  ref: 'trackingReference',
  portal: 'portalOrigin',
  locale: 'locale',
  poll: 'pollIntervalMs',
  hidden: 'hiddenPollIntervalMs',
  timeout: 'requestTimeoutMs',
  longPoll: 'longPoll',
  ecc: 'ecc',
  messages: 'messages',
};

/** An http(s) origin exactly as `new URL().origin` spells it, or null. */
export function exactOrigin(s) {
  try {
    const u = new URL(s);
    return /^https?:$/.test(u.protocol) && u.origin === s ? s : null;
  } catch {
    return null;
  }
}
