// Runs one bench file (bench/run.ts starts this in a fresh process per file, so no bench inherits
// another's heap, GC state or JIT feedback) and writes its rows as JSON to the file named second.
// Usage: tsx bench/run-one.ts <bench-file> <out.json>
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const [file, out] = process.argv.slice(2);
if (file === undefined || out === undefined) {
  console.error('usage: tsx bench/run-one.ts <bench-file> <out.json>');
  process.exit(2);
}
const mod = (await import(pathToFileURL(file).href)) as { run: () => Promise<BenchResult[]> };
const rows = await mod.run();
writeFileSync(out, JSON.stringify(rows));
// Benches may leave timers or sockets behind; the rows are written, so end here.
process.exit(0);
