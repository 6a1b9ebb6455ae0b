// Types for idv-widget frame mode (dist/idv-widget-frame.mjs, and the global `IdvWidgetFrame` of
// dist/idv-widget-frame.js). Same options and handle as IdvWidget.mount, minus what only makes
// sense in the merchant's page (wasmUrl, the decision relay).
import type { MountOptions, WidgetHandle } from './idv-widget';

export type {
  WidgetState, ErrorCode, StatusChangeEvent, SuccessEvent, ExpiredEvent, ErrorEvent,
  DiagnosticEvent, MessageKey,
} from './idv-widget';

export interface FrameMountOptions extends Omit<MountOptions, 'wasmUrl' | 'decision'> {
  /** The iframe's accessible title (default "Identity verification"). */
  frameTitle?: string;
}

/** `decision` is always "off": the Phase 2 relay is not available in frame mode. */
export type FrameWidgetHandle = WidgetHandle;

/** Mounts the widget, in an iframe served by {apiBase}/widget/frame, into the element (or the
 *  first match of the selector). Mounting again on the same element destroys the previous one. */
export function mount(target: string | Element, options: FrameMountOptions): FrameWidgetHandle;
