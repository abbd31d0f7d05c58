// Engine throughput in the simulator: inputs per second of time spent inside engine.handle over a
// simulated day with 10,000 virtual peers (goal ≥ 200,000/s), beside a no-op handler fed the same
// count. The periodic address-book save (a serialize every 30 s) is measured as its own row, since it
// is a timer's work, not per-input work; the throughput run saves once a simulated day.
import { cpus } from 'node:os';
import { createSimulation } from '../source/testing/simulator.js';
import type { Input, Effect } from '../source/engine/types.js';
import { DAY_MS, HOUR_MS } from '../source/shared/time.js';
import type { BenchResult } from './types.js';

/** Runs the engine benchmark. */
export async function run(): Promise<BenchResult[]> {
  const sim = createSimulation({ seed: 1, peers: 10_000, config: { bookSaveIntervalMs: DAY_MS } });
  const engine = sim.engine as { handle(i: Input): Effect[] };
  const original = engine.handle.bind(engine);
  let inEngineMs = 0;
  engine.handle = (input) => {
    const t = performance.now();
    const out = original(input);
    inEngineMs += performance.now() - t;
    return out;
  };
  const wall0 = performance.now();
  sim.advance(24 * HOUR_MS);
  const wallS = (performance.now() - wall0) / 1000;
  const rate = sim.stats.inputs / (inEngineMs / 1000);
  const noop = (_: Input): Effect[] => [];
  const b0 = performance.now();
  for (let i = 0; i < sim.stats.inputs; i++) noop({ type: 'tick', now: i });
  const baseRate = sim.stats.inputs / ((performance.now() - b0) / 1000);
  const s0 = performance.now();
  const saves = 20;
  for (let i = 0; i < saves; i++) sim.book.serialize();
  const saveMs = (performance.now() - s0) / saves;
  return [
    { name: `engine inputs/s in engine.handle (10k peers, ${cpus().length} cores)`, value: rate, unit: 'inputs/s', baseline: 'no-op handler', baselineValue: baseRate, ratio: rate / 200_000, goal: '≥ 200,000 inputs/s (ratio = value / goal)' },
    { name: 'simulated day with 10,000 peers (wall time)', value: wallS, unit: 's', baseline: 'goal', baselineValue: 10, ratio: 10 / wallS, goal: 'a few seconds' },
    { name: `address-book save (${sim.book.size()} addresses)`, value: saveMs, unit: 'ms', baseline: 'save period', baselineValue: 30_000, ratio: 30_000 / saveMs, goal: 'negligible vs the 30 s period' },
  ];
}
