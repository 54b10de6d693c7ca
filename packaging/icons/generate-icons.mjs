#!/usr/bin/env node
/**
 * Draws the tray and app icons (PNG, plus an SVG of each design) with no image library: shapes
 * are tested per pixel with 4×4 supersampling and written as RGBA PNGs.
 *
 * Each tray state differs by shape, not only colour (a check, a badge, a slash, a broken ring), so
 * it reads in monochrome (macOS template images) and for colour-blind users.
 *
 *   node packaging/icons/generate-icons.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- shapes in a unit square (0..1) ----
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2;
};
const gapped = (shape, cx, cy, gaps) => (x, y) => {
  const angle = (Math.atan2(y - cy, x - cx) + 2 * Math.PI) % (2 * Math.PI);
  return shape(x, y) && !gaps.some(([a, b]) => angle >= a && angle <= b);
};
const roundedSquare = (r) => (x, y) => {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0),
    qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return Math.hypot(qx, qy) <= r;
};

const check = segment(0.33, 0.52, 0.45, 0.64, 0.1);
const check2 = segment(0.45, 0.64, 0.68, 0.38, 0.1);
const baseRing = ring(0.5, 0.5, 0.34, 0.1);
const q = Math.PI / 2;

/** Layers: [shape, colour]; later layers paint over earlier ones; 'clear' punches a hole. */
const TRAY = {
  'in-sync': {
    color: '#2e7d32',
    layers: (c) => [
      [baseRing, c],
      [check, c],
      [check2, c],
    ],
  },
  'action-needed': {
    color: '#37474f',
    badge: '#d32f2f',
    layers: (c, badge) => [
      [baseRing, c],
      [segment(0.5, 0.34, 0.5, 0.54, 0.1), c],
      [disc(0.5, 0.66, 0.055), c],
      [disc(0.8, 0.2, 0.2), 'clear'],
      [disc(0.8, 0.2, 0.15), badge],
    ],
  },
  suspended: {
    color: '#616161',
    layers: (c) => [
      [baseRing, c],
      [segment(0.27, 0.73, 0.73, 0.27, 0.1), c],
    ],
  },
  offline: {
    color: '#757575',
    layers: (c) => [
      [
        gapped(baseRing, 0.5, 0.5, [
          [0.2, 0.5],
          [0.2 + q, 0.5 + q],
          [0.2 + 2 * q, 0.5 + 2 * q],
          [0.2 + 3 * q, 0.5 + 3 * q],
        ]),
        c,
      ],
      [disc(0.5, 0.5, 0.07), c],
    ],
  },
};

function rgba(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

function render(size, layers) {
  const px = new Uint8Array(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size,
            v = (y + (sy + 0.5) / S) / size;
          let colour = null;
          for (const [shape, c] of layers) if (shape(u, v)) colour = c === 'clear' ? null : c;
          if (colour) {
            const [r, g, b] = rgba(colour);
            acc[0] += r;
            acc[1] += g;
            acc[2] += b;
            acc[3] += 1;
          }
        }
      }
      const i = (y * size + x) * 4;
      if (acc[3] > 0) {
        px[i] = Math.round(acc[0] / acc[3]);
        px[i + 1] = Math.round(acc[1] / acc[3]);
        px[i + 2] = Math.round(acc[2] / acc[3]);
        px[i + 3] = Math.round((255 * acc[3]) / (S * S));
      }
    }
  }
  return px;
}

function png(size, px) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    Buffer.from(px.subarray(y * size * 4, (y + 1) * size * 4)).copy(raw, y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const write = (name, size, layers) =>
  writeFileSync(join(here, name), png(size, render(size, layers)));

for (const [state, design] of Object.entries(TRAY)) {
  const coloured = design.layers(design.color, design.badge ?? design.color);
  const template = design.layers('#000000', '#000000');
  write(`tray-${state}.png`, 16, coloured);
  write(`tray-${state}@2x.png`, 32, coloured);
  write(`tray-${state}Template.png`, 16, template);
  write(`tray-${state}Template@2x.png`, 32, template);
}
const appLayers = [
  [roundedSquare(0.2), '#2e7d32'],
  [ring(0.5, 0.5, 0.28, 0.08), '#ffffff'],
  [segment(0.36, 0.51, 0.46, 0.61, 0.08), '#ffffff'],
  [segment(0.46, 0.61, 0.65, 0.4, 0.08), '#ffffff'],
];
write('app.png', 512, appLayers);
writeFileSync(
  join(here, 'app.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="Lockstep">
  <rect width="100" height="100" rx="20" fill="#2e7d32"/>
  <circle cx="50" cy="50" r="28" fill="none" stroke="#fff" stroke-width="8"/>
  <path d="M36 51 L46 61 L65 40" fill="none" stroke="#fff" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`,
);
process.stdout.write(`icons written to ${here}\n`);
