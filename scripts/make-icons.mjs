// Draws the tray icons (one per status, 1x/2x, macOS template variants) and the 512 px app icon as real PNGs
// with node:zlib alone, so no image library is needed. Run `node scripts/make-icons.mjs`; commit what it writes.
/* global Buffer, URL, console */
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Status colours; every status also has its own glyph, so the icon reads without colour too. */
const STATUSES = {
  ok: { rgb: [46, 158, 91], glyph: 'check' },
  warning: { rgb: [224, 161, 0], glyph: 'bang' },
  critical: { rgb: [217, 48, 37], glyph: 'cross' },
  error: { rgb: [107, 114, 128], glyph: 'dash' },
  checking: { rgb: [47, 111, 214], glyph: 'dots' },
};

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (Uint8Array, width*height*4) to a PNG file. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Is the point (unit square) inside the white glyph drawn on the status disc? */
function inGlyph(glyph, x, y) {
  const w = 0.075; // half stroke width
  const near = (a, b) => distToSegment(x, y, a, b) <= w;
  switch (glyph) {
    case 'check':
      return near([0.3, 0.52], [0.44, 0.66]) || near([0.44, 0.66], [0.7, 0.36]);
    case 'bang':
      return near([0.5, 0.27], [0.5, 0.56]) || Math.hypot(x - 0.5, y - 0.72) <= w * 1.1;
    case 'cross':
      return near([0.34, 0.34], [0.66, 0.66]) || near([0.66, 0.34], [0.34, 0.66]);
    case 'dash':
      return near([0.3, 0.5], [0.7, 0.5]);
    case 'dots':
      return [0.3, 0.5, 0.7].some((cx) => Math.hypot(x - cx, y - 0.5) <= w * 1.2);
    default:
      throw new Error(`unknown glyph ${glyph}`);
  }
}

/** Supersampled coverage: each pixel is 4x4 samples of `shade(x, y)` -> [r, g, b, a] in 0..1. */
function render(size, shade) {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [sr, sg, sb, sa] = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += sr * sa;
          g += sg * sa;
          b += sb * sa;
          a += sa;
        }
      }
      const i = (py * size + px) * 4;
      out[i + 3] = Math.round((a / (n * n)) * 255);
      if (a > 0) {
        out[i] = Math.round((r / a) * 255);
        out[i + 1] = Math.round((g / a) * 255);
        out[i + 2] = Math.round((b / a) * 255);
      }
    }
  }
  return out;
}

const CLEAR = [0, 0, 0, 0];

/** A disc in the status colour with a white glyph; `template`: black disc with the glyph cut out (macOS). */
function trayIcon(size, { rgb, glyph }, template) {
  const [r, g, b] = rgb.map((c) => c / 255);
  return render(size, (x, y) => {
    if (Math.hypot(x - 0.5, y - 0.5) > 0.46) return CLEAR;
    if (inGlyph(glyph, x, y)) return template ? CLEAR : [1, 1, 1, 1];
    return template ? [0, 0, 0, 1] : [r, g, b, 1];
  });
}

/** The app icon: a rounded dark square holding a green seal ring with a check mark. */
function appIcon(size) {
  return render(size, (x, y) => {
    const qx = Math.max(Math.abs(x - 0.5) - 0.32, 0);
    const qy = Math.max(Math.abs(y - 0.5) - 0.32, 0);
    if (Math.hypot(qx, qy) > 0.12) return CLEAR;
    const d = Math.hypot(x - 0.5, y - 0.5);
    if (d <= 0.3 && d >= 0.24) return [0.18, 0.62, 0.36, 1];
    if (d < 0.24 && inGlyph('check', (x - 0.5) / 0.48 + 0.5, (y - 0.5) / 0.48 + 0.5)) return [1, 1, 1, 1];
    return [0.09, 0.13, 0.2, 1];
  });
}

const trayDir = `${root}assets/tray`;
mkdirSync(trayDir, { recursive: true });
for (const [name, spec] of Object.entries(STATUSES)) {
  for (const template of [false, true]) {
    const base = `${name}${template ? 'Template' : ''}`;
    writeFileSync(`${trayDir}/${base}.png`, encodePng(16, 16, trayIcon(16, spec, template)));
    writeFileSync(`${trayDir}/${base}@2x.png`, encodePng(32, 32, trayIcon(32, spec, template)));
  }
}
writeFileSync(`${root}assets/icon.png`, encodePng(512, 512, appIcon(512)));
console.log('wrote assets/tray/*.png and assets/icon.png');
