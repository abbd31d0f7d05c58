// The peers' timer deadlines (handshake, ping, ping timeout, linger, getheaders), kept as their
// timers change instead of recomputed from every peer after every input: each peer's current deadline
// sits in one small table (in connection order), so each input's wake-at costs one read and
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
  // Two parallel arrays in ascending peer id, which is connection order (ids are handed out in
  // increasing order): a dozen peers are found by a scan of one small array, deadlines are stored
  // unboxed, and nothing is allocated per update.
  private readonly ids: PeerId[] = [];
  private readonly deadlines: Millis[] = [];
  private at: Millis = Infinity;
  private owner: PeerId | null = null;
  private stale = true;

  /** A peer's deadline is now `deadline` (after a timer field changed, or when it was added). */
  update(id: PeerId, deadline: Millis): void {
    const i = this.indexOf(id);
    if (i >= 0) this.deadlines[i] = deadline;
    else this.insert(id, deadline);
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
    const i = this.indexOf(id);
    if (i >= 0) { this.ids.splice(i, 1); this.deadlines.splice(i, 1); }
    if (id === this.owner) this.stale = true;
  }

  /** The earliest deadline (Infinity when none), rescanning the table only when the cache is stale. */
  earliest(): Millis {
    if (this.stale) {
      let at = Infinity;
      let owner: PeerId | null = null;
      for (let i = 0; i < this.ids.length; i++) {
        const d = this.deadlines[i] as Millis;
        if (d < at) { at = d; owner = this.ids[i] as PeerId; }
      }
      this.at = at;
      this.owner = owner;
      this.stale = false;
    }
    return this.at;
  }

  /** The peers whose deadline is at or before `now`, in connection order. */
  due(now: Millis): PeerId[] {
    const ids: PeerId[] = [];
    if (this.earliest() > now) return ids;
    for (let i = 0; i < this.ids.length; i++) if ((this.deadlines[i] as Millis) <= now) ids.push(this.ids[i] as PeerId);
    return ids;
  }

  /** The recorded deadline of a peer (undefined when it has none): for the consistency check. */
  recorded(id: PeerId): Millis | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.deadlines[i];
  }

  /** How many peers have a recorded deadline: for the consistency check. */
  get size(): number {
    return this.ids.length;
  }

  private indexOf(id: PeerId): number {
    const ids = this.ids;
    for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === id) return i;
    return -1;
  }

  /** Adds a peer at its place in ascending id (new peers have the highest id, so this appends). */
  private insert(id: PeerId, deadline: Millis): void {
    let i = this.ids.length;
    while (i > 0 && (this.ids[i - 1] as PeerId) > id) i--;
    this.ids.splice(i, 0, id);
    this.deadlines.splice(i, 0, deadline);
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
