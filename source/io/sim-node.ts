// --simulate: a NodeController driven by the seeded network simulator (source/testing/simulator.ts),
// no network at all. A real timer advances simulated time so the dashboard moves like a live node.
import type { NetworkName } from '../protocol/params.js';
import type { RunningNode } from './controller.js';

/** Options of createSimulatedNode. */
export interface SimulatedNodeOptions {
  readonly seed: number;
  readonly network: NetworkName;
}

/** Creates the simulated node (integration point with the simulator, pending its arrival). */
export function createSimulatedNode(options: SimulatedNodeOptions): RunningNode {
  throw new Error(`the simulator is not part of this build yet (seed ${options.seed})`);
}
