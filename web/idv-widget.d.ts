// Types for idv-widget (dist/idv-widget.mjs, and the global `IdvWidget` of dist/idv-widget.js).

/** Where the customer stands in Phase 1 (data entry). `submitted` is NOT a verification result. */
export type WidgetState =
  | 'loading'
  | 'awaitingScan'
  | 'customerActive'
  | 'submitted'
  | 'expired'
  | 'cancelled'
  | 'failed'
  | 'error';

export type ErrorCode =
  | 'invalid_config'
  | 'invalid_reference'
  | 'not_found'
  | 'gone'
  | 'forbidden'
  | 'http_error'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'bad_response'
  | 'portal_url_rejected'
  | 'qr_failed'
  /** The decision relay got no final decision from your backend in time (non-fatal). */
  | 'decision_timeout'
  /** "Not you? Start again": your renewReference failed; the current session goes on. */
  | 'restart_failed'
  /** The service refused the digital ID the wallet presented (non-fatal); `detail` says why. */
  | 'wallet_refused'
  /** The digital-ID exchange broke: network, a server error, a wallet error (non-fatal). */
  | 'wallet_failed'
  /** The runtime could not download or compile dist/idv-widget.wasm. */
  | 'wasm_load_failed';

export interface StatusChangeEvent {
  state: WidgetState;
  previousState: WidgetState;
  /** The service's raw status (e.g. "IN_PROGRESS"); "" for transitions the widget made itself. */
  status: string;
  version: number;
}

/** Phase 1 is over: the customer finished data entry. Nothing has been verified yet — the
 *  decision reaches your server later, as a signed webhook. */
export interface SuccessEvent {
  trackingReference: string;
  version: number;
  /** The service's `updatedAt` of the COMPLETED status, in ms since the epoch, when known. */
  submittedAt: number | null;
  /** Always "data-entry-complete": spelled out for whoever logs this event. */
  phase: 'data-entry-complete';
  /** Always false: the decision arrives at your server as a webhook. */
  verificationDecided: false;
}

export interface ExpiredEvent {
  /** "status" (the service said EXPIRED), "gone" (HTTP 410), "deadline" (expiresAt passed). */
  reason: 'status' | 'gone' | 'deadline' | string;
  expiresAt: number | null;
  /** Set when `renewReference` was tried and failed (what it threw, or why its answer was refused). */
  renewalFailure?: string;
}

export interface ErrorEvent {
  code: ErrorCode | string;
  /** true: the widget stopped polling (the customer may still get a retry button). */
  fatal: boolean;
  /** Developer-facing; never shown to the customer. */
  message?: string;
  httpStatus?: number;
}

/** Phase 2, relayed from YOUR backend (which received and verified the signed webhook).
 *  Fires at most once, only after onSuccess, and only when `decision.url` is configured. */
export interface DecisionEvent {
  trackingReference: string;
  /** As your backend reports it, e.g. "approved", "rejected", "needs_review". */
  outcome: string;
  riskLevel: string;
  decidedAt: number | null;
  /** Always "merchant-backend": the browser never decides on its own. */
  source: 'merchant-backend';
}

/** Diagnostics worth logging: "unknown_status", "stale_response", "portal_url_rejected", … */
export interface DiagnosticEvent {
  kind: string;
  value: string;
}

/** Message keys: status.*, detail.* (see docs/bridge.md) and the widget's own UI keys. */
export type MessageKey =
  | 'status.loading' | 'status.awaitingScan' | 'status.customerActive' | 'status.submitted'
  | 'status.expired' | 'status.cancelled' | 'status.failed' | 'status.error' | 'status.decided'
  | 'detail.checking'
  | 'detail.retrying' | 'detail.offline' | 'detail.rateLimited' | 'detail.notFound'
  | 'detail.invalidReference' | 'detail.portalRejected' | 'detail.badResponse'
  | 'action.verify' | 'action.retry' | 'qr.label' | 'link.prompt'
  | 'action.restart' | 'code.prompt' | 'match.prompt' | 'action.wallet'
  | 'detail.walletPresenting' | 'detail.walletAccepted' | 'detail.walletCancelled'
  | 'detail.walletRefused' | 'detail.walletFailed';

export interface MountOptions {
  /** From your server's `POST /v1/user/invite`. */
  trackingReference: string;
  /** The verification service, e.g. "https://verify.example.com". */
  apiBase: string;
  /** The only origin the QR code and the button may point at. Default: apiBase's origin. */
  portalOrigin?: string;
  /** "en" | "nl" | "lt" (a region such as "nl-BE" is fine). Default: the browser's language. */
  locale?: string;
  /** Replace any text, by key; `{seconds}`-style placeholders are filled in. */
  messages?: Partial<Record<MessageKey, string>>;
  /** Poll cadence while the page is visible (default 2000). */
  pollIntervalMs?: number;
  /** Poll cadence while the tab is hidden (default 30000). */
  hiddenPollIntervalMs?: number;
  /** Per-request timeout (default 15000). */
  requestTimeoutMs?: number;
  /** Use the server's long-poll when it offers one (default true). */
  longPoll?: boolean;
  /** QR error-correction level (default "M"). */
  ecc?: 'L' | 'M' | 'Q' | 'H';
  /** Where dist/idv-widget.wasm lives. Default: next to the script or module. */
  wasmUrl?: string;
  /** Offer "Use your digital ID" where the browser's Digital Credentials API and the service
   *  support it (docs/wallet.md). Default true; false hides it. */
  wallet?: boolean;
  onStatusChange?(event: StatusChangeEvent): void;
  /** The customer finished data entry (Phase 1). Fires at most once. NOT a verification result. */
  onSuccess?(event: SuccessEvent): void;
  /** Fires only when the session cannot go on: no `renewReference`, or renewal failed. */
  onExpired?(event: ExpiredEvent): void;
  /** When the session expires before the customer finished, ask your backend for a new
   *  tracking reference (a new invite for the same order) and resolve with it: the widget
   *  carries on with a new QR, without a re-mount. At most 3 renewals per mount. With it, the
   *  widget also offers "Not you? Start again" while someone is on the portal (reason 'restart'). */
  renewReference?(info: { reason: 'status' | 'gone' | 'deadline' | 'restart' }): Promise<string>;
  onError?(event: ErrorEvent): void;
  onEvent?(event: DiagnosticEvent): void;
  /** Optional Phase 2 relay: after onSuccess, ask YOUR backend (GET url, same-origin cookies)
   *  for the decision it received by webhook. It answers {"decided": false} (or 404) until it
   *  has one, then {"decided": true, "final": true, "outcome": "approved", "riskLevel": "LOW"}. */
  decision?: {
    url: string;
    onDecision?(event: DecisionEvent): void;
    /** How often to ask (default 3000). */
    intervalMs?: number;
    /** Give up after this long, with onError({code: 'decision_timeout'}) (default 600000). */
    timeoutMs?: number;
  };
}

export interface WidgetHandle {
  /** Removes listeners and timers, aborts the request in flight, frees the tracker. Idempotent. */
  destroy(): void;
  /** Check the status now (also what the retry button does). */
  refresh(): void;
  readonly state: WidgetState;
  /** The optional Phase 2 relay's phase. */
  readonly decision: 'off' | 'waiting' | 'checking' | 'decided' | 'timedOut';
}

/** Mounts a widget into the element (or the first match of the selector). Mounting again on the
 *  same element destroys the previous widget first. */
export function mount(target: string | Element, options: MountOptions): WidgetHandle;

/** `<idv-widget tracking-reference api-base portal-origin locale poll-interval-ms wasm-url>`.
 *  Dispatches bubbling, composed `idv-status`, `idv-success`, `idv-expired`, `idv-error` and
 *  `idv-event` CustomEvents whose `detail` is the matching event object above. */
export class IdvWidgetElement extends HTMLElement {
  refresh(): void;
  readonly state: WidgetState | 'idle';
}

/** Registers the custom element (done automatically for "idv-widget"). */
export function defineElement(name?: string): void;

declare global {
  interface HTMLElementTagNameMap {
    'idv-widget': IdvWidgetElement;
  }
  interface HTMLElementEventMap {
    'idv-status': CustomEvent<StatusChangeEvent>;
    'idv-success': CustomEvent<SuccessEvent>;
    'idv-expired': CustomEvent<ExpiredEvent>;
    'idv-error': CustomEvent<ErrorEvent>;
    'idv-event': CustomEvent<DiagnosticEvent>;
    'idv-decision': CustomEvent<DecisionEvent>;
  }
}
