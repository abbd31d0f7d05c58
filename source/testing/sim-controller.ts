// `canopy --simulate`: a NodeController over the seeded simulator. A real timer advances simulated
// time (by default four times faster than the wall clock, so blocks, feelers and stale tips show up
// within a demo), snapshots are pushed a few times a second, commands go to the engine. No network.
import { createSimulation, type Simulation } from './simulator.js';
import type { Command, CommandResult, NodeController, NodeEvent, Snapshot } from '../engine/types.js';

/** Options of the simulated controller. */
export interface SimControllerOptions {
  readonly seed: number;
  /** Simulated milliseconds per wall-clock millisecond. */
  readonly speed?: number;
  /** Virtual peers. */
  readonly peers?: number;
}

/** A simulated node with the same shape as io's RunningNode. */
export interface SimulatedNode extends NodeController {
  start(): Promise<void>;
  readonly closed: Promise<void>;
  /** The underlying simulation (for tests and benchmarks). */
  readonly simulation: Simulation;
}

/** Wall-clock period of a simulation step and snapshot push, ms (≤ 4 snapshots/s, design §2). */
const STEP_MS = 250;

/** Creates the simulated node; nothing runs until start(). */
export function createSimulatedController(options: SimControllerOptions): SimulatedNode {
  const speed = options.speed ?? Number(process.env['CANOPY_SIM_SPEED'] ?? 4);
  const simulation = createSimulation({ seed: options.seed, peers: options.peers ?? 3000, startAt: Date.now() });
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  const eventListeners = new Set<(e: NodeEvent) => void>();
  simulation.onEvent((e) => { for (const l of eventListeners) l(e); });
  let timer: NodeJS.Timeout | null = null;
  let latest: Snapshot | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => { resolveClosed = r; });
  let stopped = false;

  const step = (): void => {
    simulation.advance(STEP_MS * speed);
    latest = simulation.snapshot();
    for (const l of snapshotListeners) l(latest);
  };

  return {
    network: 'regtest',
    simulation,
    closed,
    async start() {
      if (timer !== null || stopped) return;
      timer = setInterval(step, STEP_MS);
      step();
    },
    snapshot: () => latest ?? simulation.snapshot(),
    subscribe(listener) { snapshotListeners.add(listener); return () => snapshotListeners.delete(listener); },
    onEvent(listener) { eventListeners.add(listener); return () => eventListeners.delete(listener); },
    async command(command: Command): Promise<CommandResult> {
      const result = simulation.command(command);
      latest = simulation.snapshot();
      for (const l of snapshotListeners) l(latest);
      if (command.type === 'shutdown') await this.close();
      return result;
    },
    async close() {
      if (stopped) return;
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (!simulation.snapshot().shuttingDown) simulation.command({ type: 'shutdown' });
      resolveClosed();
    },
  };
}
