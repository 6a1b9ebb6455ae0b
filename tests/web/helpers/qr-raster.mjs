// Turns the core's QR `path` (axis-aligned rectangles/polygons in module units) back into
// pixels, so a real decoder (jsQR, zbarimg) can read it. Each module is sampled at its centre
// with the non-zero winding rule over the path's edges — independent of how the core chose to
// draw it (h/v runs, rectangles, merged polygons).
import jsQR from 'jsqr';

function parsePath(d) {
  const tokens = d.match(/[MmHhVvLlZz]|-?\d*\.?\d+(?:e-?\d+)?/g) || [];
  const edges = [];
  let x = 0, y = 0, sx = 0, sy = 0, cmd = '';
  const line = (nx, ny) => { edges.push([x, y, nx, ny]); x = nx; y = ny; };
  for (let i = 0; i < tokens.length;) {
    if (/[A-Za-z]/.test(tokens[i])) cmd = tokens[i++];
    const n = () => Number(tokens[i++]);
    switch (cmd) {
      case 'M': x = sx = n(); y = sy = n(); cmd = 'L'; break;
      case 'm': x = sx = x + n(); y = sy = y + n(); cmd = 'l'; break;
      case 'L': line(n(), n()); break;
      case 'l': { const dx = n(), dy = n(); line(x + dx, y + dy); break; }
      case 'H': line(n(), y); break;
      case 'h': line(x + n(), y); break;
      case 'V': line(x, n()); break;
      case 'v': line(x, y + n()); break;
      case 'Z': case 'z': line(sx, sy); break;
      default: throw new Error(`unsupported path command ${cmd}`);
    }
  }
  return edges;
}

/** @returns {boolean[][]} dark modules, [row][col], over a side×side grid */
export function modules(path, side) {
  const edges = parsePath(path);
  const grid = [];
  for (let r = 0; r < side; r++) {
    const py = r + 0.5;
    const row = [];
    for (let c = 0; c < side; c++) {
      const px = c + 0.5;
      let winding = 0;
      for (const [x0, y0, x1, y1] of edges) {
        if ((y0 <= py) !== (y1 <= py)) {
          const xi = x0 + ((py - y0) * (x1 - x0)) / (y1 - y0);
          if (xi > px) winding += y1 > y0 ? 1 : -1;
        }
      }
      row.push(winding !== 0);
    }
    grid.push(row);
  }
  return grid;
}

/** Grey pixels (0 dark, 255 light), `scale` pixels per module. */
export function pixels(grid, scale = 4) {
  const side = grid.length * scale;
  const px = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) px[y * side + x] = grid[(y / scale) | 0][(x / scale) | 0] ? 0 : 255;
  }
  return { side, px };
}

export function toPgm({ side, px }) {
  return Buffer.concat([Buffer.from(`P5\n${side} ${side}\n255\n`), Buffer.from(px)]);
}

/** Decodes with jsQR; returns the text or null. */
export function decodeJsqr({ side, px }) {
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let i = 0; i < px.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = px[i];
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, side, side)?.data ?? null;
}
