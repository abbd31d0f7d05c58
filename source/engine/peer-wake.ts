// The earliest timer deadline over all peers (handshake, ping, ping timeout, linger, getheaders),
// kept as peers' timers change instead of recomputed over every peer after every input: each
// input's wake-at and each tick's "is any peer due?" then cost one read. Exact, not a bound: a
// lower deadline is taken at once; when the peer holding the minimum moves later or leaves, the next
// read rescans. Every write to a field the deadline depends on must be reported (EngineCore.timersChanged);
// the engine's consistency check (EngineOptions.checkConsistency, on in the simulation tests)
// compares the cached value with a full scan after every input. Pure.
import type { Millis } from '../shared/time.js';
import type { PeerId } from './types.js';

/** The cached earliest peer deadline and the peer that holds it. */
export class PeerWake {
  private at: Millis = Infinity;
  private owner: PeerId | null = null;
  private stale = true;

  /** A peer's deadline is now `deadline` (after a timer field changed, or when it was added). */
  update(id: PeerId, deadline: Millis): void {
    if (this.stale) return;
    if (deadline < this.at) {
      this.at = deadline;
      this.owner = id;
    } else if (id === this.owner && deadline !== this.at) {
      this.stale = true;
    }
  }

  /** A peer left. */
  remove(id: PeerId): void {
    if (id === this.owner) this.stale = true;
  }

  /** The earliest deadline over `peers` (Infinity when none), rescanning only when the cache is stale. */
  earliest<P extends { readonly id: PeerId }>(peers: ReadonlyMap<PeerId, P>, deadlineOf: (peer: P) => Millis): Millis {
    if (this.stale) {
      let at = Infinity;
      let owner: PeerId | null = null;
      for (const p of peers.values()) {
        const d = deadlineOf(p);
        if (d < at) { at = d; owner = p.id; }
      }
      this.at = at;
      this.owner = owner;
      this.stale = false;
    }
    return this.at;
  }
}

/** The earliest deadline over `peers` by a full scan (Infinity when none). */
export function scanEarliest<P>(peers: ReadonlyMap<PeerId, P>, deadlineOf: (peer: P) => Millis): Millis {
  let at = Infinity;
  for (const p of peers.values()) {
    const d = deadlineOf(p);
    if (d < at) at = d;
  }
  return at;
}
