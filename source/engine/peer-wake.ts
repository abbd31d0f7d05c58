// The peers' timer deadlines (handshake, ping, ping timeout, linger, getheaders), kept as their
// timers change instead of recomputed from every peer after every input: each peer's current deadline
// sits in one small table (in the peers' insertion order), so each input's wake-at costs one read and
// each tick visits only the peers that are due, without touching the others' records. The earliest
// deadline is cached exactly: a lower deadline is taken at once; when the peer holding the minimum
// moves later or leaves, the next read rescans the table. Every write to a field the deadline depends
// on must be reported (EngineCore.timersChanged); the engine's consistency check
// (EngineOptions.checkConsistency, on in the simulation tests) compares the table and the cached value
// with the peers after every input. Pure.
import type { Millis } from '../shared/time.js';
import type { PeerId } from './types.js';

/** Each peer's deadline and the cached earliest one. */
export class PeerWake {
  private readonly deadlines = new Map<PeerId, Millis>();
  private at: Millis = Infinity;
  private owner: PeerId | null = null;
  private stale = true;

  /** A peer's deadline is now `deadline` (after a timer field changed, or when it was added). */
  update(id: PeerId, deadline: Millis): void {
    this.deadlines.set(id, deadline);
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
    this.deadlines.delete(id);
    if (id === this.owner) this.stale = true;
  }

  /** The earliest deadline (Infinity when none), rescanning the table only when the cache is stale. */
  earliest(): Millis {
    if (this.stale) {
      let at = Infinity;
      let owner: PeerId | null = null;
      for (const [id, d] of this.deadlines) {
        if (d < at) { at = d; owner = id; }
      }
      this.at = at;
      this.owner = owner;
      this.stale = false;
    }
    return this.at;
  }

  /** The peers whose deadline is at or before `now`, in the order they were added. */
  due(now: Millis): PeerId[] {
    const ids: PeerId[] = [];
    if (this.earliest() > now) return ids;
    for (const [id, d] of this.deadlines) if (d <= now) ids.push(id);
    return ids;
  }

  /** The recorded deadline of a peer (undefined when it has none): for the consistency check. */
  deadlineOf(id: PeerId): Millis | undefined {
    return this.deadlines.get(id);
  }

  /** How many peers have a recorded deadline: for the consistency check. */
  get size(): number {
    return this.deadlines.size;
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
