// `npm run screenshots`: runs the real dashboard (`canopy --simulate --seed 7`, no network) in a
// pseudo-terminal, renders the headless terminal's cells to SVG (one <text> per cell, colours from the
// xterm cell API, DejaVu Sans Mono) and to PNG with @resvg/resvg-js, into screenshots/.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { startPty, type PtySession } from '../test/support/pty.js';

const OUT = resolve(import.meta.dirname, '../screenshots');
const COLS = 110;
const ROWS = 32;
const CELL_W = 9;
const CELL_H = 18;
const BG = '#1e1e2e';
const FG = '#d4d4d4';
const BASE16 = ['#1e1e2e', '#f38ba8', '#a6e3a1', '#f9e2af', '#89b4fa', '#f5c2e7', '#94e2d5', '#bac2de', '#585b70', '#f38ba8', '#a6e3a1', '#f9e2af', '#89b4fa', '#f5c2e7', '#94e2d5', '#ffffff'];

function palette(n: number): string {
  if (n < 16) return BASE16[n] ?? FG;
  if (n < 232) {
    const i = n - 16;
    const c = (v: number): string => (v === 0 ? 0 : 55 + v * 40).toString(16).padStart(2, '0');
    return `#${c(Math.floor(i / 36))}${c(Math.floor(i / 6) % 6)}${c(i % 6)}`;
  }
  const g = (8 + (n - 232) * 10).toString(16).padStart(2, '0');
  return `#${g}${g}${g}`;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function toSvg(ui: PtySession): string {
  const buf = ui.term.buffer.active;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${COLS * CELL_W + 20}" height="${ROWS * CELL_H + 20}">`, `<rect width="100%" height="100%" fill="${BG}"/>`];
  for (let y = 0; y < ROWS; y++) {
    const line = buf.getLine(buf.viewportY + y);
    if (!line) continue;
    for (let x = 0; x < COLS; x++) {
      const cell = line.getCell(x);
      if (!cell) continue;
      const ch = cell.getChars();
      let fg = cell.isFgDefault() ? FG : cell.isFgRGB() ? `#${cell.getFgColor().toString(16).padStart(6, '0')}` : palette(cell.getFgColor());
      let bg = cell.isBgDefault() ? null : cell.isBgRGB() ? `#${cell.getBgColor().toString(16).padStart(6, '0')}` : palette(cell.getBgColor());
      if (cell.isInverse()) { const t = bg ?? BG; bg = fg; fg = t; }
      const px = 10 + x * CELL_W;
      const py = 10 + y * CELL_H;
      if (bg !== null) parts.push(`<rect x="${px}" y="${py}" width="${CELL_W * Math.max(1, cell.getWidth())}" height="${CELL_H}" fill="${bg}"/>`);
      if (ch && ch !== ' ') {
        parts.push(`<text x="${px}" y="${py + 14}" fill="${fg}" font-family="DejaVu Sans Mono" font-size="15"${cell.isBold() ? ' font-weight="bold"' : ''}${cell.isDim() ? ' opacity="0.6"' : ''}>${esc(ch)}</text>`);
      }
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

function save(ui: PtySession, name: string): void {
  const png = new Resvg(toSvg(ui), { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono' } }).render().asPng();
  writeFileSync(join(OUT, `${name}.png`), png);
  console.log(`wrote screenshots/${name}.png`);
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
mkdirSync(OUT, { recursive: true });
const ui = startPty(['--simulate', '--seed', '7'], COLS, ROWS, { NODE_BACKEND: 'js', CANOPY_SIM_SPEED: '40' });
await ui.waitForScreen((s) => s.includes('out 8/8'), 'a full set of regular peers', 60_000);
await ui.waitForScreen((s) => / (alive|kept|closed) /.test(s) && s.includes('extra'), 'feeler and extra activity', 180_000);
save(ui, 'dashboard');
ui.write('?');
await ui.waitForScreen((s) => s.includes('Canopy — keys'), 'help');
save(ui, 'help');
ui.write('x');
await pause(300);
ui.write('a');
await ui.waitForScreen((s) => s.includes('Add a peer'), 'prompt');
ui.write('300.1.2.3\r');
await ui.waitForScreen((s) => s.includes('✗'), 'inline error');
save(ui, 'add-peer');
ui.write('\u001b');
await pause(300);
ui.write('jj\r');
await ui.waitForScreen((s) => s.includes('History'), 'detail');
await pause(500);
save(ui, 'detail');
ui.write('\u001b');
await pause(200);
ui.write('q');
await ui.exited;
process.exit(0);
