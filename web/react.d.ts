// Types for idv-widget/react (dist/idv-widget-react.mjs). Needs @types/react (React 19).
import type { CSSProperties, JSX, Ref } from 'react';
import type { MountOptions, WidgetHandle } from './idv-widget.js';

/** What a `ref` on <IdvWidget> gives: the live widget's refresh(), state and decision phase. */
export type IdvWidgetRef = Pick<WidgetHandle, 'refresh' | 'state' | 'decision'>;

/** The options of mount(), as props. Changing trackingReference, apiBase, portalOrigin, locale,
 *  messages, wasmUrl, a poll setting or decision.url re-mounts the widget; the callbacks may
 *  change on every render without re-mounting. */
export interface IdvWidgetProps extends MountOptions {
  /** Passed to the host <div> (the widget renders into its shadow root). */
  id?: string;
  className?: string;
  style?: CSSProperties;
  ref?: Ref<IdvWidgetRef>;
}

/** `<IdvWidget trackingReference="…" apiBase="…" onSuccess={…} />`. Renders one <div> on the
 *  server; mounts in the browser after hydration. Safe under <StrictMode>. */
export function IdvWidget(props: IdvWidgetProps): JSX.Element;

export type { MountOptions, WidgetHandle, WidgetState, SuccessEvent, StatusChangeEvent,
  ExpiredEvent, ErrorEvent, DecisionEvent, DiagnosticEvent } from './idv-widget.js';
