// The fast fuzz subset run by npm test: every target, a few thousand generated and mutated inputs
// each (seeded; FC_SEED replays). `npm run fuzz` runs the long mode (test/fuzz/run.ts).
import { test } from 'node:test';
import fc from 'fast-check';
import { TARGETS, inputs } from './targets.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261125);
const RUNS = Number(process.env['FUZZ_FAST_RUNS'] ?? 1500);

for (const target of TARGETS) {
  test(`fuzz ${target.name}: ${RUNS} inputs decode to a value or a typed error (seed ${SEED})`, async () => {
    const runs = target.name === 'json-rpc-body' || target.name === 'v2-stream' ? Math.min(RUNS, 300) : RUNS;
    await fc.assert(fc.asyncProperty(inputs(target), async (b) => { await target.run(b); }), { seed: SEED, numRuns: runs });
  });
}
