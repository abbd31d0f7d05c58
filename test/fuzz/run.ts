// `npm run fuzz`: the long mode — FUZZ_RUNS (default 1,000,000) generated and mutated inputs per
// target (FUZZ_TARGET filters by name), seeded (FC_SEED), printing counts and time per target.
// Exits 1 on the first broken contract, with the seed and the shrunk counterexample.
import fc from 'fast-check';
import { TARGETS, inputs } from './targets.js';

const runs = Number(process.env['FUZZ_RUNS'] ?? 1_000_000);
const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31);
const only = process.env['FUZZ_TARGET'];
console.log(`canopy fuzz: ${runs} inputs per target, seed ${seed} (replay with FC_SEED=${seed})`);
let failed = false;
for (const target of TARGETS) {
  if (only !== undefined && !target.name.includes(only)) continue;
  // Each v2-stream input runs an ECDH (milliseconds), so it gets fewer inputs than the pure decoders.
  const n = target.name === 'json-rpc-body' ? Math.min(runs, 100_000) : target.name === 'v2-stream' ? Math.min(runs, 20_000) : runs;
  const t0 = performance.now();
  try {
    await fc.assert(fc.asyncProperty(inputs(target), async (b) => { await target.run(b); }), { seed, numRuns: n });
    console.log(`  ok   ${target.name.padEnd(22)} ${n} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    failed = true;
    console.log(`  FAIL ${target.name}: ${(err as Error).message.split('\n').slice(0, 6).join(' | ')}`);
  }
}
process.exit(failed ? 1 : 0);
