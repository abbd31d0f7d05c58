// `npm run fuzz`: the long mode — FUZZ_RUNS (default 1,000,000) generated and mutated inputs per
// target (FUZZ_TARGET filters by name, FUZZ_SKIP=a,b leaves targets out), seeded (FC_SEED), printing counts and time per target; then
// CRASH_TRIALS (default 100) SIGKILL trials of the address-book and header-store writers
// (CRASH_TRIALS=0 skips them). Exits 1 on any broken contract, with the seed and the counterexample.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { TARGETS, inputs } from './targets.js';

const runs = Number(process.env['FUZZ_RUNS'] ?? 1_000_000);
const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31);
const only = process.env['FUZZ_TARGET'];
const skip = new Set((process.env['FUZZ_SKIP'] ?? '').split(',').filter((x) => x !== ''));
console.log(`canopy fuzz: ${runs} inputs per target, seed ${seed} (replay with FC_SEED=${seed})`);
let failed = false;
for (const target of TARGETS) {
  if ((only !== undefined && !target.name.includes(only)) || skip.has(target.name)) continue;
  // Every target gets the same count; v2-stream runs an ECDH per input (about an hour per million).
  const n = runs;
  const t0 = performance.now();
  try {
    await fc.assert(fc.asyncProperty(inputs(target), async (b) => { await target.run(b); }), { seed, numRuns: n });
    console.log(`  ok   ${target.name.padEnd(22)} ${n} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    failed = true;
    console.log(`  FAIL ${target.name}: ${(err as Error).message.split('\n').slice(0, 6).join(' | ')}`);
  }
}
const crashTrials = Number(process.env['CRASH_TRIALS'] ?? 100);
if (crashTrials > 0 && only === undefined && skip.size === 0) {
  console.log(`crash safety: ${crashTrials} SIGKILL trials each for the address book and the header store`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/run-tests.mjs'), 'address-book-crash', 'header-store-crash'], {
    stdio: 'inherit', env: { ...process.env, ADDRBOOK_CRASH_TRIALS: String(crashTrials), HEADERSTORE_CRASH_TRIALS: String(crashTrials) },
  });
  console.log(`  ${run.status === 0 ? 'ok  ' : 'FAIL'} crash trials in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
