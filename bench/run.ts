// `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<BenchResult[]>`), prints
// one table, and writes bench/results.json (design.md §6). Benchmarks measure side by side with a
// baseline in the same run and never fail the build: a bench that throws is reported and skipped.
// Each file runs in a fresh process (bench/run-one.ts).
// Usage: npm run bench [-- <name-filter>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import type { BenchResult } from './types.js';

// Measured as users run it: React's production build (bin/canopy.js sets the same default).
process.env.NODE_ENV ??= 'production';
const here = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(here).filter((f) => /\.bench\.tsx?$/.test(f) && (!filter || f.includes(filter))).sort();
const results: BenchResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'canopy-bench-'));
const failures: string[] = [];

console.log(`canopy bench — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})\n`);
try {
  for (const file of files) {
    process.stdout.write(`running ${file} …\n`);
    // Each bench file in its own process: a bench measured after another (a million headers, a full
    // address book) would otherwise pay for its predecessor's heap in GC time and RSS.
    const out = join(scratch, `${file}.json`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'run-one.ts'), join(here, file), out], { stdio: 'inherit', env: process.env });
    try {
      if (child.error !== undefined) throw child.error;
      if (child.status !== 0) throw new Error(`exited with ${child.status ?? child.signal}`);
      results.push(...(JSON.parse(readFileSync(out, 'utf8')) as BenchResult[]));
    } catch (err) {
      failures.push(`${file}: ${(err as Error).message}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const fmt = (n: number): string => (Math.abs(n) >= 1000 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toPrecision(3));
const rows = results.map((r) => [r.name, `${fmt(r.value)} ${r.unit}`, `${r.baseline}: ${fmt(r.baselineValue)}`, `${r.ratio.toFixed(2)}×`, r.goal]);
const header = ['benchmark', 'value', 'baseline', 'ratio', 'goal'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(line(r));
for (const f of failures) console.log(`\n(bench failed, not counted) ${f}`);
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results.json (${results.length} results)`);
