// The widget's stylesheet. It is adopted as a constructable stylesheet, which CSP's style-src
// does not govern, so merchants never need 'unsafe-inline'. Theming goes through custom
// properties, which inherit into the shadow tree from the host or any ancestor.
const css = `
:host{display:block;font:var(--idv-font,15px/1.45 system-ui,sans-serif);color:var(--idv-fg,#1f2328)}
[hidden]{display:none!important}
.idv{box-sizing:border-box;display:flex;flex-direction:column;align-items:center;gap:.75em;
 padding:var(--idv-padding,1.25em);background:var(--idv-bg,#fff);color:inherit;
 border:1px solid var(--idv-border,#d0d7de);border-radius:var(--idv-radius,12px);text-align:center}
.frame{position:relative;width:var(--idv-qr-size,200px);max-width:100%;aspect-ratio:1;
 background:var(--idv-qr-bg,#fff)}
.qr{display:block;width:100%;height:100%;fill:var(--idv-qr-fg,#000)}
p{margin:0;max-width:min(32em,100%)}
.status{font-weight:600;display:grid}
.status>span,.status::after{grid-area:1/1}
[data-state=loading] .status::after{content:attr(data-ghost);visibility:hidden}
[data-state=loading] :is(.verify,.alt,.code,.match){visibility:hidden}
.detail,.alt,.code,.match{color:var(--idv-muted,#57606a);font-size:.9em}
.value{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.value:last-child{color:var(--idv-fg,#1f2328);font:600 1.2em/1.4 ui-monospace,monospace;letter-spacing:.08em}
.url{color:var(--idv-link,#0550ae);display:block;overflow:hidden;text-overflow:ellipsis;
 white-space:nowrap}
.btn{font:inherit;font-weight:600;cursor:pointer;text-decoration:none;display:inline-block;
 padding:.6em 1.2em;border-radius:var(--idv-radius,12px);border:2px solid var(--idv-accent,#0550ae);
 background:var(--idv-accent,#0550ae);color:var(--idv-accent-fg,#fff)}
.btn:focus-visible,.url:focus-visible{outline:3px solid var(--idv-focus,#0969da);outline-offset:2px}
.retry,.restart,.wallet{background:transparent;color:var(--idv-accent,#0550ae)}
.btn:disabled{opacity:.6;cursor:progress}
.spin{position:absolute;inset:0;margin:auto;width:1.5em;height:1.5em;border-radius:50%;
 border:3px solid var(--idv-border,#d0d7de);border-top-color:var(--idv-accent,#0550ae);
 animation:r 1s linear infinite}
@keyframes r{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.spin{animation:none}}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
 clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;

let shared;

/** Styles `root`: one shared constructable sheet where supported, else a <style> element. */
export function applyStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
    try {
      if (!shared) {
        shared = new CSSStyleSheet();
        shared.replaceSync(css);
      }
      root.adoptedStyleSheets = [shared];
      return;
    } catch (e) {
      // Old engines without constructable sheets fall through to a <style> element (that one
      // does need style-src 'unsafe-inline' under a strict CSP; every current browser takes
      // the branch above).
    }
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}
