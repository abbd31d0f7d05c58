// --simulate: the dashboard's NodeController driven by the seeded network simulator, no network at
// all. The controller itself lives with the simulator (source/testing/sim-controller.ts: a real timer
// advancing simulated time); this is the CLI's entry to it.
import type { NetworkName } from '../protocol/params.js';
import { createSimulatedController } from '../testing/sim-controller.js';
import type { RunningNode } from './controller.js';

/** Options of createSimulatedNode. */
export interface SimulatedNodeOptions {
  readonly seed: number;
  /** For information only: the simulator always runs regtest-style parameters. */
  readonly network?: NetworkName;
  /** Simulated milliseconds per wall-clock millisecond (the simulator's default when absent). */
  readonly speed?: number;
  /** Virtual peers (the simulator's default when absent). */
  readonly peers?: number;
}

/** Creates the simulated node (not started: call start()). */
export function createSimulatedNode(options: SimulatedNodeOptions): RunningNode {
  return createSimulatedController({
    seed: options.seed,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.peers !== undefined ? { peers: options.peers } : {}),
  });
}
