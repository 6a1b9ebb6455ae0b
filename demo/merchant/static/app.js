// Checkout page of the demo shop. Phase 1 comes from the widget's callbacks in this browser;
// Phase 2 (processing, webhook attempts, signature check, decision) from the shop's own backend.
// Runs under a strict CSP: no inline code, and every text goes in with textContent.
'use strict';

(() => {
  const $ = (sel) => document.querySelector(sel);
  const page = { order: null, widget: null, pollTimer: null, finalSeen: 0 };

  const time = (ms) => {
    const d = new Date(ms);
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  };

  function eventItem(atMs, kind, text, source) {
    const li = document.createElement('li');
    li.dataset.kind = kind;
    if (source) li.dataset.source = source;
    const t = document.createElement('time');
    t.dateTime = new Date(atMs).toISOString();
    t.textContent = time(atMs);
    li.append(t, ' ', text);
    return li;
  }

  const phase1 = { successAt: null };
  function addPhase1(kind, text) {
    const now = Date.now();
    if (kind === 'success' && phase1.successAt === null) phase1.successAt = now;
    $('#phase1').append(eventItem(now, kind, text));
  }

  // The order's creation and the portal's steps are Phase 1 (the customer entering data): the
  // browser's column already tells that part, so the servers' column starts with Phase 2.
  const isPhase1 = (kind) => /^(invite|portal|wallet)\./.test(kind);

  function renderPhase2(events) {
    const list = $('#phase2');
    list.replaceChildren(...events.filter((e) => !isPhase1(e.kind))
      .map((e) => eventItem(e.atMs, e.kind, e.detail, e.source)));
    const stored = events.find((e) => e.kind === 'decision.stored');
    if (stored && phase1.successAt !== null) {
      const gap = $('#gap');
      gap.hidden = false;
      gap.textContent = `Gap between onSuccess (Phase 1) and the decision (Phase 2): ${((stored.atMs - phase1.successAt) / 1000).toFixed(1)} s.`;
    }
  }

  // What the outcome means for this order is the shop's call (the backend maps the service's
  // verdict with the completion model's default policy). The customer hears the outcome in
  // neutral words only — never why (no screening reasons, no risk level: that is the back
  // office's, at /admin; telling a customer would be tipping-off).
  const verdictText = (d) => {
    if (!d.final) return 'Your verification is under review. This page updates by itself.';
    if (d.outcome === 'approved') return 'Approved — your identity is verified. Your bike ships today.';
    if (d.outcome === 'needs_review') return 'Thank you. Your order is under review: our team checks it before it ships.';
    if (d.outcome === 'rejected') return 'We could not complete the verification online. Our team will contact you about your order.';
    if (d.outcome === 'expired') return 'The verification expired before it was finished. Please start again.';
    return 'Thank you. We will contact you about your order.';
  };

  // The backend's codes, in words a visitor reads (the codes stay in data-* for tests).
  const REVIEWERS = {
    automatic: 'The verification service, automatically',
    manual: 'A reviewer at the verification service',
    unspecified: 'The verification service (this webhook format does not say who)',
  };
  const FORMATS = {
    risk_assessment_updated: 'Risk assessment (RISK_ASSESSMENT_UPDATED)',
    identification_callback: 'Identification callback (automatic, then manual verdict)',
    identification_status: 'Thin webhook, then the fetched status',
  };

  // How the customer was verified, as the service's webhook said (order.verificationMethod).
  const METHODS = {
    wallet: 'digital ID wallet',
    document: 'document and selfie',
  };

  function showDecision(d, method) {
    $('#checking').hidden = d.final;
    const box = $('#decision');
    box.hidden = false;
    const text = $('#decision-text');
    text.className = `decision ${d.final ? d.outcome : ''}`;
    text.textContent = verdictText(d);
    $('#decision-method').textContent = METHODS[method] ?? 'not stated by the service';
    box.dataset.method = method ?? '';
    $('#decision-reviewer').textContent = REVIEWERS[d.reviewer] ?? d.reviewer;
    $('#decision-source').textContent = FORMATS[d.source] ?? d.source;
    $('#new-order').hidden = !d.final;
    $('#decision-final').textContent = d.final ? 'yes' : 'no (automatic verdict, manual review pending)';
    box.dataset.reviewer = d.reviewer;
    box.dataset.source = d.source;
    $('#decision-at').textContent = d.receivedAt;
    $('#decision-id').textContent = d.webhookId;
    box.dataset.outcome = d.outcome;
    box.dataset.final = String(d.final);
  }

  async function poll() {
    if (!page.order) return;
    try {
      const res = await fetch(`/api/orders/${page.order.orderId}`, { cache: 'no-store' });
      if (res.ok) {
        const o = await res.json();
        renderPhase2(o.events);
        if (o.decision) showDecision(o.decision, o.verificationMethod);
        if (o.decision?.final) page.finalSeen += 1;
      }
    } catch { /* the next poll tries again */ }
    // One more round after the final decision so the last timeline lines show up, then stop.
    if (page.finalSeen < 2) page.pollTimer = setTimeout(poll, 1000);
  }

  function startPolling() {
    if (page.pollTimer === null) page.pollTimer = setTimeout(poll, 0);
  }

  function mountWidget(order) {
    if (typeof IdvWidget === 'undefined') {
      showError('The widget script (/idv-widget.js) did not load. Build it with scripts/build.');
      return;
    }
    const section = $('#verify-section');
    section.hidden = false;
    $('#order-ref').textContent = order.referenceData;
    // The widget appears below the cart: bring it into view (and tell screen readers where the
    // page went), or on a laptop screen the QR sits below the fold with nothing moving.
    const calm = matchMedia('(prefers-reduced-motion: reduce)').matches;
    section.scrollIntoView({ block: 'start', behavior: calm ? 'auto' : 'smooth' });
    $('#verify-title').focus({ preventScroll: true });
    addPhase1('mount', `widget mounted (tracking ${order.trackingReference.slice(0, 8)}…)`);
    page.widget = IdvWidget.mount('#verify', {
      trackingReference: order.trackingReference,
      apiBase: order.apiBase,
      portalOrigin: order.portalOrigin,
      locale: order.locale,
      onStatusChange: (e) => addPhase1('status', `onStatusChange: ${e.status ?? '—'} (${e.previousState ?? '—'} → ${e.state}, v${e.version ?? '?'})`),
      onSuccess: () => {
        addPhase1('success', 'onSuccess: customer finished data entry — not a decision yet');
        $('#checking').hidden = false;
        $('#cart').hidden = true;
        startPolling();
      },
      onExpired: (e) => addPhase1('expired', `onExpired (${e.reason}${e.renewalFailure ? `; renewal failed: ${e.renewalFailure}` : ''})`),
      // Expired before the customer finished: the same order gets a new invite, the widget a
      // new QR (docs/widget-api.md, "Reference renewal").
      renewReference: async ({ reason }) => {
        const res = await fetch(`/api/orders/${encodeURIComponent(order.orderId)}/renew`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ locale: order.locale }),
        });
        const body = await res.json();
        if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
        order.trackingReference = body.trackingReference;
        addPhase1('renew', `renewReference (${reason}): new tracking ${body.trackingReference.slice(0, 8)}…`);
        return body.trackingReference;
      },
      onError: (e) => addPhase1('error', `onError: ${e.code}${e.message ? ` (${e.message})` : ''}${e.fatal ? ' (fatal)' : ''}`),
      // Diagnostics worth showing a visitor: a relay answer that was not final, and the wallet
      // path (the presentation accepted, or the customer closing the wallet).
      onEvent: (e) => {
        if (e.kind === 'decision_not_final' || e.kind.startsWith('wallet_')) {
          addPhase1('event', `onEvent: ${e.kind}${e.value ? ` (${e.value})` : ''}`);
        }
      },
      // The widget's optional Phase 2 relay: it asks this shop's backend, never decides itself.
      decision: {
        url: `/api/orders/${encodeURIComponent(order.orderId)}/decision`,
        onDecision: (e) => addPhase1('decision', `onDecision: ${e.outcome} (relayed by the shop's backend)`),
      },
    });
  }

  function showError(message) {
    const el = $('#checkout-error');
    el.hidden = false;
    el.textContent = message;
  }

  async function checkout(ev) {
    ev.preventDefault();
    const button = $('#checkout-button');
    button.disabled = true;
    $('#checkout-error').hidden = true;
    try {
      const res = await fetch('/api/checkout', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ locale: $('#locale').value, webhookFormat: $('#webhook-format').value }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
      page.order = body;
      history.replaceState(null, '', `/?order=${encodeURIComponent(body.orderId)}`);
      addPhase1('checkout', `checkout: invite created for ${body.referenceData}`);
      $('#checkout-form').hidden = true;
      mountWidget(body);
      startPolling();
    } catch (err) {
      showError(`Could not start the verification: ${err.message}`);
      button.disabled = false;
    }
  }

  // Coming back (returnUrl, reload): pick the order up again from the backend.
  async function resume(orderId) {
    const res = await fetch(`/api/orders/${encodeURIComponent(orderId)}`, { cache: 'no-store' });
    if (!res.ok) return;
    const o = await res.json();
    page.order = o;
    $('#checkout-form').hidden = true;
    renderPhase2(o.events);
    if (o.decision?.final) {
      $('#cart').hidden = true;
      showDecision(o.decision, o.verificationMethod);
      return;
    }
    mountWidget(o);
    startPolling();
  }

  $('#checkout-form').addEventListener('submit', checkout);
  const orderId = new URLSearchParams(location.search).get('order');
  if (orderId && /^[0-9a-f]{24}$/.test(orderId)) resume(orderId);
})();
