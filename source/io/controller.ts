// A NodeController (engine/types.ts) over a Reactor that is built when the node starts (loading the
// data directory is asynchronous): throttled snapshot pushes (at most 2 per second, at least 1 per
// second so clocks advance), unthrottled events (listeners may subscribe before start), commands, and
// an idempotent close that asks the engine to shut down, waits for `stopped` (bounded), flushes
// writes and runs the owner's final hook.
import type { Command, CommandResult, NodeController, NodeEvent, Snapshot } from '../engine/types.js';
import type { NetworkName } from '../protocol/params.js';
import type { Reactor } from './reactor.js';

/** Snapshot pushes at most every 500 ms (≤ 2/s, Canopy: measured): each push redraws the whole
 * dashboard, and at 4/s a 125-peer screen cost Ink ~15 % of a core; keys still redraw at once. */
export const SNAPSHOT_MIN_INTERVAL_MS = 500;
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
  /** Builds the engine (loading the data directory) and feeds `start`. Idempotent. Rejects on an unusable data directory. */
  start(): Promise<void>;
  /** Resolves when the node has stopped (after close() or an engine-initiated stop). */
  readonly closed: Promise<void>;
}

/** Wraps a reactor built by `build` (called once, by start()) as a RunningNode. */
export function createController(network: NetworkName, build: () => Promise<Reactor> | Reactor, hooks: ControllerHooks = {}): RunningNode {
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  const eventListeners = new Set<(e: NodeEvent) => void>();
  let reactor: Reactor | null = null;
  let latest: Snapshot | null = null;
  let dirty = true;
  let lastPushAt = 0;
  let starting: Promise<void> | null = null;
  let interval: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });

  const push = (): void => {
    if (reactor === null) return;
    const now = Date.now();
    // Half a tick of slack, so timer jitter cannot push an idle refresh a whole tick past a second.
    if (!dirty && now - lastPushAt < SNAPSHOT_MAX_INTERVAL_MS - SNAPSHOT_MIN_INTERVAL_MS / 2) return;
    dirty = false;
    lastPushAt = now;
    latest = reactor.snapshot();
    for (const listener of snapshotListeners) listener(latest);
  };

  const teardown = async (): Promise<void> => {
    if (interval !== null) clearInterval(interval);
    interval = null;
    if (reactor !== null) {
      // A last snapshot so subscribers see the final state.
      dirty = true;
      push();
      await reactor.flushWrites();
      await hooks.afterStop?.();
    }
    resolveClosed();
  };

  const start = async (): Promise<void> => {
    const r = await build();
    reactor = r;
    r.onDrained(() => { dirty = true; });
    r.onEvent((event) => { for (const listener of eventListeners) listener(event); });
    // An engine-initiated stop (e.g. a 'shutdown' command from the API) also tears down.
    void r.stoppedPromise.then(() => { if (closing === null) closing = teardown(); });
    r.start();
    interval = setInterval(push, SNAPSHOT_MIN_INTERVAL_MS);
    push();
  };

  return {
    network,
    closed,
    start(): Promise<void> {
      starting ??= start();
      return starting;
    },
    snapshot(): Snapshot {
      if (reactor === null) throw new Error('the node has not started yet (call start())');
      if (latest === null || dirty) latest = reactor.snapshot();
      return latest;
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
      if (reactor === null) return Promise.resolve({ ok: false, code: 'invalid-argument', reason: 'the node has not started yet' });
      return reactor.command(command);
    },
    close(): Promise<void> {
      if (closing !== null) return closing.then(() => closed);
      closing = (async () => {
        if (starting !== null) await starting.catch(() => {});
        const r = reactor;
        if (r !== null && !r.isStopped()) {
          void r.command({ type: 'shutdown' });
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([r.stoppedPromise, new Promise<void>((resolve) => { timer = setTimeout(resolve, SHUTDOWN_GRACE_MS); })]);
          clearTimeout(timer);
        }
        r?.destroy();
        await teardown();
      })();
      return closing;
    },
  };
}
