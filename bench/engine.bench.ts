// Engine throughput in the simulator: inputs per second of time spent inside engine.handle with
// 10,000 virtual peers (goal ≥ 200,000/s), beside a no-op handler fed the same count. The goal row is
// the steady state: three simulated days after a first day that warms the JIT and fills the book
// (a throughput figure is read once the code is compiled, as every benchmark here does with its
// warm-up rounds). The cold first day is its own row, so the start-up cost stays visible. The periodic
// address-book save (a serialize every 30 s) is measured as its own row, since it is a timer's work,
// not per-input work; the throughput run saves once a simulated day.
import { cpus } from 'node:os';
import { createSimulation } from '../source/testing/simulator.js';
import type { Input, Effect } from '../source/engine/types.js';
import { DAY_MS } from '../source/shared/time.js';
import type { BenchResult } from './types.js';

/** Simulated days measured after the warm-up day. */
const STEADY_DAYS = 3;

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
  sim.advance(DAY_MS);
  const coldWallS = (performance.now() - wall0) / 1000;
  const coldInputs = sim.stats.inputs;
  const coldRate = coldInputs / (inEngineMs / 1000);
  inEngineMs = 0;
  sim.advance(STEADY_DAYS * DAY_MS);
  const steadyInputs = sim.stats.inputs - coldInputs;
  const rate = steadyInputs / (inEngineMs / 1000);
  const noop = (_: Input): Effect[] => [];
  const b0 = performance.now();
  for (let i = 0; i < steadyInputs; i++) noop({ type: 'tick', now: i });
  const baseRate = steadyInputs / ((performance.now() - b0) / 1000);
  const s0 = performance.now();
  const saves = 20;
  for (let i = 0; i < saves; i++) sim.book.serialize();
  const saveMs = (performance.now() - s0) / saves;
  const cores = cpus().length;
  return [
    { name: `engine inputs/s in engine.handle, steady (10k peers, days 2–${STEADY_DAYS + 1}, ${cores} cores)`, value: rate, unit: 'inputs/s', baseline: 'no-op handler', baselineValue: baseRate, ratio: rate / 200_000, goal: '≥ 200,000 inputs/s (ratio = value / goal)' },
    { name: `engine inputs/s in engine.handle, first day from cold (JIT warm-up, empty book)`, value: coldRate, unit: 'inputs/s', baseline: 'steady rate', baselineValue: rate, ratio: coldRate / rate, goal: 'informational' },
    { name: 'first simulated day with 10,000 peers (wall time)', value: coldWallS, unit: 's', baseline: 'goal', baselineValue: 10, ratio: 10 / coldWallS, goal: 'a few seconds' },
    { name: `address-book save (${sim.book.size()} addresses)`, value: saveMs, unit: 'ms', baseline: 'save period', baselineValue: 30_000, ratio: 30_000 / saveMs, goal: 'negligible vs the 30 s period' },
  ];
}
