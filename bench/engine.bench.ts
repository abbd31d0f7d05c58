// Engine throughput in the simulator: inputs handled per second over a simulated day (goal ≥ 200,000/s),
// beside a baseline loop that hands the same number of inputs to a no-op handler.
import { cpus } from 'node:os';
import { createSimulation } from '../source/testing/simulator.js';
import { createEngine } from '../source/engine/engine.js';
import { HOUR_MS } from '../source/shared/time.js';
import type { BenchResult } from './types.js';

/** Runs the engine benchmark. */
export async function run(): Promise<BenchResult[]> {
  const sim = createSimulation({ seed: 1, peers: 10_000 });
  const t0 = performance.now();
  sim.advance(24 * HOUR_MS);
  const seconds = (performance.now() - t0) / 1000;
  const rate = sim.stats.inputs / seconds;
  // Baseline: the same count of inputs through a handler that does nothing but return an empty list.
  const noop: Pick<ReturnType<typeof createEngine>, 'handle'> = { handle: () => [] };
  const b0 = performance.now();
  for (let i = 0; i < sim.stats.inputs; i++) noop.handle({ type: 'tick', now: i });
  const baseRate = sim.stats.inputs / ((performance.now() - b0) / 1000);
  const simDaySeconds = seconds;
  return [
    { name: `engine inputs/s (simulated day, 10k peers, ${cpus().length} cores)`, value: rate, unit: 'inputs/s', baseline: 'no-op handler', baselineValue: baseRate, ratio: rate / baseRate, goal: '≥ 200,000 inputs/s' },
    { name: 'simulated day with 10,000 peers', value: simDaySeconds, unit: 's', baseline: 'goal 10 s', baselineValue: 10, ratio: 10 / simDaySeconds, goal: 'a few seconds' },
  ];
}
