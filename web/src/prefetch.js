// The first tracking request, sent while the wasm core still downloads and compiles (issue 10).
// The core stays in charge: CommandRunner hands this response to the core's first fetch command
// only if that command asks for exactly this request; otherwise it aborts it (command-runner.js).

// The core's isValidTrackingReference (widget/tracking/tracker.cpp): a reference it would refuse
// never leaves the page.
const REF = /^[A-Za-z0-9][A-Za-z0-9_-]{7,127}$/;
// The core's isSecureEnough: https, or http on loopback.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function secureUrl(text) {
  try {
    const u = new URL(text); // absolute only, like the core; and no userinfo, like the core
    const ok = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname));
    return ok && !u.username && !u.password ? u : null;
  } catch {
    return null;
  }
}

/**
 * The URL the core's first command will fetch ({apiBase}/v1/tracking/{reference}), or null when
 * the core would report invalid_reference/invalid_config instead — or when we are not sure how
 * it spells the URL: then we do not prefetch rather than guess.
 */
export function firstTrackingUrl({ trackingReference: ref, apiBase, portalOrigin, decisionUrl }) {
  if (typeof ref !== 'string' || !REF.test(ref) || typeof apiBase !== 'string') return null;
  const base = apiBase.replace(/\/+$/, '');
  const api = secureUrl(base);
  // Only an apiBase already written as the core serialises it (lower-case host, no default
  // port, no query/fragment/userinfo, nothing to normalise): then the URL below is the core's.
  if (!api || api.origin + api.pathname.replace(/\/+$/, '') !== base) return null;
  const portal = typeof portalOrigin === 'string' && portalOrigin; // else the core ignores it
  if (portal && secureUrl(portal)?.origin !== portal.replace(/\/$/, '')) return null;
  if (decisionUrl && !secureUrl(decisionUrl)) return null;
  return base + '/v1/tracking/' + ref;
}

/** Starts the request CommandRunner may claim: { url, response, controller }, or null. */
export function prefetchTracking(config) {
  const url = firstTrackingUrl(config);
  if (!url) return null;
  const controller = new AbortController();
  // The same request the runner would make for the core's first command (no If-None-Match yet).
  const response = fetch(url, { signal: controller.signal, credentials: 'omit', cache: 'no-store' });
  response.catch(() => {}); // the claimer sees a failure; an unclaimed one is nobody's error
  return { url, response, controller };
}
