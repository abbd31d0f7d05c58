// Start, the periodic tick (timeouts, maintenance, stale-tip check, address-book saves) with the
// next wake-up time, and shutdown (anchors, final save, peers closed, `stopped`). Pure.
import type { Millis } from '../shared/time.js';
import type { NetAddr } from '../protocol/netaddr.js';
import type { EngineCore } from './core.js';
import { encodeAnchors } from './anchors.js';
import { maintain, maybeExtra, maybeFeeler } from './policy.js';
import { checkPeerTimers } from './session.js';
import { checkHeaderTimeouts } from './header-sync.js';

/** The `start` input: announce, then the first maintenance pass. */
export function start(core: EngineCore, now: Millis): void {
  if (core.started) return;
  core.started = true;
  core.startedAt = now;
  core.tipAdvancedAt = now;
  core.nextStaleCheckAt = now + core.config.staleCheckIntervalMs;
  core.nextFeelerAt = now + Math.round(-Math.log(1 - core.random.nextFloat()) * core.config.feelerIntervalMs);
  core.nextSaveAt = now + core.config.bookSaveIntervalMs;
  const stats = core.book.stats(now);
  core.emit(now, { type: 'node-started', network: core.params.name, maxOutbound: core.maxOutbound, addressBook: { new: stats.new, tried: stats.tried } });
  maintain(core, now);
}

/** Saves the address book (a persist effect) and announces it. */
export function saveBook(core: EngineCore, now: Millis): void {
  core.bookDirty = false;
  core.nextSaveAt = now + core.config.bookSaveIntervalMs;
  core.out.push({ type: 'persist', file: 'peers', bytes: core.book.serialize() });
  const counts = core.book.tableCounts();
  core.emit(now, { type: 'address-book-saved', new: counts.new, tried: counts.tried });
}

/** Runs every timer that is due. */
export function tick(core: EngineCore, now: Millis): void {
  if (!core.started || core.shuttingDown) return;
  // Only the peers whose deadline has come are visited (every timer checkPeerTimers and
  // checkHeaderTimeouts act on is in peerDeadline; most ticks are maintenance passes with none due),
  // in connection order. Acting on one peer makes another due now only when a zero getheaders
  // timeout hands the sync on, which checkHeaderTimeouts takes in the same pass; one disconnected on
  // the way is skipped, and disconnect schedules maintenance rather than dialling.
  if (core.earliestPeerDeadline() <= now) {
    const due = core.duePeers(now);
    for (const peer of due) if (core.peers.has(peer.id)) checkPeerTimers(core, peer, now);
    checkHeaderTimeouts(core, due, now);
  }
  if (now >= core.nextMaintenanceAt) maintain(core, now);
  else if (!core.connectMode) {
    if (now >= core.nextFeelerAt) maybeFeeler(core, now);
    if (now >= core.nextStaleCheckAt) maybeExtra(core, now);
  }
  if (now >= core.nextSaveAt) {
    if (core.bookDirty) saveBook(core, now);
    else core.nextSaveAt = now + core.config.bookSaveIntervalMs;
  }
}

/** The next instant the engine wants a tick. */
export function nextWake(core: EngineCore, now: Millis): Millis {
  let at = Math.min(core.nextMaintenanceAt, core.nextSaveAt, core.earliestPeerDeadline());
  if (!core.connectMode) at = Math.min(at, core.nextFeelerAt, core.nextStaleCheckAt);
  return Math.max(now + 1, Number.isFinite(at) ? at : now + core.config.maintenanceIntervalMs);
}

/** The anchors to keep: the two longest-connected ready regular peers (Core: block-relay anchors). */
export function selectAnchors(core: EngineCore): NetAddr[] {
  return [...core.peers.values()]
    .filter((p) => p.kind === 'regular' && p.state === 'ready' && p.addr !== null && p.readyAt !== null)
    .sort((a, b) => (a.readyAt ?? 0) - (b.readyAt ?? 0))
    .slice(0, core.config.maxAnchors)
    .map((p) => p.addr as NetAddr);
}

/** Clean shutdown: anchors and the address book are persisted, every peer closed, then `stopped`. */
export function shutdown(core: EngineCore, now: Millis): void {
  if (core.shuttingDown) return;
  core.emit(now, { type: 'node-stopping' });
  core.out.push({ type: 'persist', file: 'anchors', bytes: encodeAnchors(selectAnchors(core)) });
  core.shuttingDown = true;
  for (const peer of [...core.peers.values()]) core.disconnect(peer, 'shutdown', 'node stopping', now);
  saveBook(core, now);
  core.out.push({ type: 'stopped' });
}
