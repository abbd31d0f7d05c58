// A NodeController (engine/types.ts) over a running Reactor: throttled snapshot pushes (at most 4 per
// second, at least 1 per second so clocks advance), unthrottled events, commands, and an idempotent
// close that asks the engine to shut down, waits for `stopped` (bounded), flushes writes and runs hooks.
import type { Command, CommandResult, NodeController, NodeEvent, Snapshot } from '../engine/types.js';
import type { NetworkName } from '../protocol/params.js';
import type { Reactor } from './reactor.js';

/** Snapshot pushes at most every 250 ms (≤ 4/s): the UI stays responsive under event storms. */
export const SNAPSHOT_MIN_INTERVAL_MS = 250;
/** …and at least every second, so ages and clocks on screen advance. */
export const SNAPSHOT_MAX_INTERVAL_MS = 1000;
/** How long close() waits for the engine's `stopped` before tearing down anyway. */
export const SHUTDOWN_GRACE_MS = 5000;

/** Hooks for the owner of the controller (node.ts, sim-node.ts). */
export interface ControllerHooks {
  /** Runs after the reactor stopped and writes were flushed (final saves, closing files). */
  afterStop?(): Promise<void> | void;
}

/** A NodeController with `start()`. */
export interface RunningNode extends NodeController {
  /** Starts the engine (feeds `start`); resolves at once. Idempotent. */
  start(): Promise<void>;
  /** Resolves when the node has stopped (after close() or an engine-initiated stop). */
  readonly closed: Promise<void>;
}

/** Wraps a reactor as a RunningNode. */
export function createController(network: NetworkName, reactor: Reactor, hooks: ControllerHooks = {}): RunningNode {
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  let latest: Snapshot | null = null;
  let dirty = true;
  let lastPushAt = 0;
  let started = false;
  let interval: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });

  reactor.onDrained(() => { dirty = true; });
  const push = (): void => {
    const now = Date.now();
    if (!dirty && now - lastPushAt < SNAPSHOT_MAX_INTERVAL_MS) return;
    dirty = false;
    lastPushAt = now;
    latest = reactor.snapshot();
    for (const listener of snapshotListeners) listener(latest);
  };

  const teardown = async (): Promise<void> => {
    if (interval !== null) clearInterval(interval);
    interval = null;
    await reactor.flushWrites();
    await hooks.afterStop?.();
    resolveClosed();
  };
  // An engine-initiated stop (e.g. a 'shutdown' command from the API) also tears down.
  void reactor.stoppedPromise.then(() => { if (closing === null) closing = teardown(); });

  return {
    network,
    closed,
    async start(): Promise<void> {
      if (started) return;
      started = true;
      reactor.start();
      interval = setInterval(push, SNAPSHOT_MIN_INTERVAL_MS);
      push();
    },
    snapshot(): Snapshot {
      if (latest === null || dirty) latest = reactor.snapshot();
      return latest;
    },
    subscribe(listener: (s: Snapshot) => void): () => void {
      snapshotListeners.add(listener);
      return () => { snapshotListeners.delete(listener); };
    },
    onEvent(listener: (e: NodeEvent) => void): () => void {
      return reactor.onEvent(listener);
    },
    command(command: Command): Promise<CommandResult> {
      return reactor.command(command);
    },
    close(): Promise<void> {
      if (closing !== null) return closing.then(() => closed);
      closing = (async () => {
        if (started && !reactor.isStopped()) {
          void reactor.command({ type: 'shutdown' });
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([reactor.stoppedPromise, new Promise<void>((r) => { timer = setTimeout(r, SHUTDOWN_GRACE_MS); })]);
          clearTimeout(timer);
        }
        reactor.destroy();
        await teardown();
      })();
      return closing;
    },
  };
}
