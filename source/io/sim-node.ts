// --simulate: a NodeController driven by the seeded network simulator (source/testing/simulator.ts),
// no network at all. A real timer advances simulated time in step with the wall clock, so the
// dashboard moves like a live node; snapshots are pushed four times a second.
import type { Command, CommandResult, NodeEvent, Snapshot } from '../engine/types.js';
import type { NetworkName } from '../protocol/params.js';
import { createSimulation, type Simulation } from '../testing/simulator.js';
import type { RunningNode } from './controller.js';
import { SNAPSHOT_MIN_INTERVAL_MS } from './controller.js';

/** Virtual peers in the demo population (a few hundred keeps the dashboard lively). */
export const SIM_PEERS = 600;
/** Real-time step of the simulated clock. */
export const SIM_STEP_MS = 100;

/** Options of createSimulatedNode. */
export interface SimulatedNodeOptions {
  readonly seed: number;
  /** Shown for information only: the simulator always runs regtest-style parameters. */
  readonly network?: NetworkName;
  /** Simulated milliseconds per real millisecond (default 1). */
  readonly speed?: number;
  /** Virtual peers (default SIM_PEERS). */
  readonly peers?: number;
}

/** Creates the simulated node (not started: call start()). */
export function createSimulatedNode(options: SimulatedNodeOptions): RunningNode {
  const speed = options.speed ?? 1;
  const eventListeners = new Set<(e: NodeEvent) => void>();
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  let sim: Simulation | null = null;
  let stepTimer: NodeJS.Timeout | null = null;
  let pushTimer: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });

  const push = (): void => {
    if (sim === null) return;
    const snap = sim.snapshot();
    for (const listener of snapshotListeners) listener(snap);
  };
  const stop = (): void => {
    if (stepTimer !== null) clearInterval(stepTimer);
    if (pushTimer !== null) clearInterval(pushTimer);
    stepTimer = null;
    pushTimer = null;
  };

  const node: RunningNode = {
    network: 'regtest',
    closed,
    async start(): Promise<void> {
      if (sim !== null) return;
      const s = createSimulation({ seed: options.seed, peers: options.peers ?? SIM_PEERS, startAt: Date.now() });
      sim = s;
      s.onEvent((event) => { for (const listener of eventListeners) listener(event); });
      let last = Date.now();
      stepTimer = setInterval(() => {
        const now = Date.now();
        s.advance((now - last) * speed);
        last = now;
        if (s.snapshot().shuttingDown && closing === null) void node.close();
      }, SIM_STEP_MS);
      pushTimer = setInterval(push, SNAPSHOT_MIN_INTERVAL_MS);
      push();
      await Promise.resolve();
    },
    snapshot(): Snapshot {
      if (sim === null) throw new Error('the simulation has not started yet (call start())');
      return sim.snapshot();
    },
    subscribe(listener: (s: Snapshot) => void): () => void {
      snapshotListeners.add(listener);
      return () => { snapshotListeners.delete(listener); };
    },
    onEvent(listener: (e: NodeEvent) => void): () => void {
      eventListeners.add(listener);
      return () => { eventListeners.delete(listener); };
    },
    command(command: Command): Promise<CommandResult> {
      if (sim === null) return Promise.resolve({ ok: false, code: 'invalid-argument', reason: 'the simulation has not started yet' });
      return Promise.resolve(sim.command(command));
    },
    close(): Promise<void> {
      closing ??= (async () => {
        if (sim !== null && !sim.snapshot().shuttingDown) {
          sim.command({ type: 'shutdown' });
          sim.advance(1000);
        }
        stop();
        push();
        resolveClosed();
      })();
      return closing;
    },
  };
  return node;
}
