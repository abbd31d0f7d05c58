// The engine: a deterministic state machine (design.md §2). `handle(input)` takes an Input carrying
// `now` and returns the Effects for io to carry out; `snapshot(now)` describes the state for the UI.
// The parts: core.ts (state, primitives), policy.ts (maybe_open_connection), session.ts (per-peer
// protocol), header-sync.ts, commands.ts, lifecycle.ts (start/tick/shutdown), snapshot.ts.
//
//   Input ──► handle ──► { start | tick | dialed | dial-failed | received | closed | seeds-resolved | command }
//                              └──► core.out: Effect[] (+ one wake-at) ──► io
import type { Millis } from '../shared/time.js';
import { formatAddr } from '../protocol/netaddr.js';
import { resolveConfig } from './config.js';
import { EngineCore } from './core.js';
import type { EngineOptions } from './options.js';
import { parseAddedPeers, runCommand } from './commands.js';
import { nextWake, start, tick } from './lifecycle.js';
import { onClosed, onDialed, onReceived } from './session.js';
import { buildSnapshot } from './snapshot.js';
import { maintain } from './policy.js';
import type { Effect, Input, Snapshot } from './types.js';
import { notePeer, peerRef } from './peer.js';
import { scanEarliest } from './peer-wake.js';

/** The connection engine. */
export interface Engine {
  /** Handles one input; returns the effects, ending with a wake-at unless stopped. */
  handle(input: Input): Effect[];
  /** The state for the UI and the API. */
  snapshot(now: Millis): Snapshot;
}

/** Throws when the kept peer deadlines, per-kind counts or address and group tables differ from the peers (EngineOptions.checkConsistency). */
function checkConsistency(core: EngineCore): void {
  const cached = core.earliestPeerDeadline();
  const scanned = scanEarliest(core.peers, core.deadlineOf);
  if (cached !== scanned) throw new Error(`engine consistency: cached earliest peer deadline ${cached} != scanned ${scanned}`);
  if (core.recordedDeadlines() !== core.peers.size) throw new Error(`engine consistency: ${core.recordedDeadlines()} recorded deadlines for ${core.peers.size} peers`);
  for (const peer of core.peers.values()) {
    const recorded = core.recordedDeadline(peer.id), actual = core.deadlineOf(peer);
    if (recorded !== actual) throw new Error(`engine consistency: peer ${peer.id} deadline recorded ${recorded} != ${actual}`);
  }
  const mismatch = core.trackingMismatch();
  if (mismatch !== null) throw new Error(`engine consistency: ${mismatch}`);
}

/** Builds an engine; nothing happens until the `start` input. */
export function createEngine(options: EngineOptions): Engine {
  const config = resolveConfig(options.config);
  const port = options.params.defaultPort;
  const connect = parseAddedPeers(options.connect ?? [], port, true);
  const added = connect.length > 0 ? connect : parseAddedPeers(options.addNodes ?? [], port, false);
  const core = new EngineCore(options, config, added);

  function dispatch(input: Input): void {
    const now = input.now;
    switch (input.type) {
      case 'start': start(core, now); return;
      case 'tick': tick(core, now); return;
      case 'command': {
        const result = runCommand(core, input.command, now);
        core.out.push({ type: 'command-result', requestId: input.requestId, result });
        return;
      }
      case 'seeds-resolved': {
        core.dnsPending = Math.max(0, core.dnsPending - 1);
        const time = Math.floor(now / 1000);
        const entries = input.addresses.map((addr) => ({ time, services: options.requiredServices, addr }));
        const added = entries.length > 0 ? core.book.add(entries, { kind: 'dns', seed: input.seed }, now) : 0;
        if (added > 0) core.bookDirty = true;
        core.emit(now, { type: 'dns-seed-answered', seed: input.seed, count: input.addresses.length, ...(input.error !== undefined ? { error: input.error } : {}) });
        core.noteDiscovery(now, input.error !== undefined ? 'dns-failed' : 'dns-answer', input.seed, input.addresses.length,
          input.error ?? `${input.addresses.length} addresses (${added} new): ${input.addresses.slice(0, 3).map(formatAddr).join(', ')}`);
        maintain(core, now);
        return;
      }
      default: break;
    }
    const peer = core.peers.get(input.peerId);
    if (peer === undefined || core.shuttingDown) return;
    switch (input.type) {
      case 'dialed':
        if (peer.state === 'dialing') onDialed(core, peer, now);
        return;
      case 'dial-failed':
        core.totals.dialFailures++;
        notePeer(peer, now, `dial failed: ${input.detail}`);
        core.emit(now, { type: 'dial-failed', peer: peerRef(peer), reason: input.reason, detail: input.detail, retryV1: false });
        core.disconnect(peer, 'dial-failed', input.detail, now, { closeSocket: false, dialFailed: true });
        return;
      case 'received': onReceived(core, peer, input.bytes, now); return;
      case 'closed': onClosed(core, peer, input.detail ?? 'connection closed', now); return;
    }
  }

  return {
    handle(input: Input): Effect[] {
      core.out = [];
      dispatch(input);
      if (options.checkConsistency === true) checkConsistency(core);
      const out = core.out;
      core.out = [];
      if (core.started && !core.shuttingDown) out.push({ type: 'wake-at', at: nextWake(core, input.now) });
      return out;
    },
    snapshot(now: Millis): Snapshot {
      return buildSnapshot(core, now);
    },
  };
}
