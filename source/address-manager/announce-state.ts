// What add() reads first for an address it already knows, kept by entry id in one flat Float64Array
// beside the AddrInfo objects: the entry's time (Core: nTime; this is its only copy), its service bits
// and its placement (in tried, or how many new buckets hold it). The last two mirror AddrInfo.services,
// inTried and newBuckets; the book updates them wherever those change. Most announcements repeat an
// address with an older time and the same services (about 70% in a simulated day) or lose the
// stochastic test; settling those from array cells instead of the scattered AddrInfo object and its
// bigint services is what bounds add()'s speed on a large book. Pure.
import type { Millis } from '../shared/time.js';

/** Ids the cells hold before their first growth (Canopy: doubled on demand). */
const INITIAL_IDS = 1024;
/** Service values up to this fit the low-bits cell; wider ones are always checked on the object. */
const LOW_BITS_MAX_NUMBER = 0xffff_ffff;
/** Marks an entry whose services do not fit 32 bits (a real cell is never negative: see setServices). */
const WIDE = -1;
/** The placement of an entry in the tried table. */
const IN_TRIED = -1;

/** Values kept per id, side by side so that one lookup touches one cache line: time, services, placement. */
const STRIDE = 3;
/** Offsets of the three values within an id's cells. */
const TIME = 0;
const SERVICES = 1;
const PLACEMENT = 2;

/** The low-bits cell for `services`, or WIDE. One conversion instead of bigint comparisons (each a
 * builtin call): Number() is exact up to 2^53, so a negative or wider value fails the range test. */
function lowBits(services: bigint): number {
  const bits = Number(services);
  return bits >= 0 && bits <= LOW_BITS_MAX_NUMBER ? bits : WIDE;
}

/** Per-id time, service bits and placement. */
export class AnnounceState {
  /** [time, low service bits or WIDE, new-table references or IN_TRIED] per id. */
  private cells = new Float64Array(STRIDE * INITIAL_IDS);

  /** Records a new or reused entry's time and services (placement: no table yet). */
  set(id: number, timeMs: Millis, services: bigint): void {
    if (STRIDE * id + STRIDE > this.cells.length) {
      const bigger = new Float64Array(Math.max(this.cells.length * 2, STRIDE * (id + 1)));
      bigger.set(this.cells);
      this.cells = bigger;
    }
    this.cells[STRIDE * id + TIME] = timeMs;
    this.cells[STRIDE * id + PLACEMENT] = 0;
    this.setServices(id, services);
  }

  /** Records where an entry is: in tried, or in `newRefs` new-table buckets. */
  setPlacement(id: number, inTried: boolean, newRefs: number): void {
    this.cells[STRIDE * id + PLACEMENT] = inTried ? IN_TRIED : newRefs;
  }

  /** The entry's new-table reference count (Core: nRefCount), or −1 when it is in tried. */
  newRefs(id: number): number {
    return this.cells[STRIDE * id + PLACEMENT] ?? IN_TRIED;
  }

  /** Records new services for an entry. */
  setServices(id: number, services: bigint): void {
    this.cells[STRIDE * id + SERVICES] = lowBits(services);
  }

  /** Records a new time for an entry. */
  setTime(id: number, timeMs: Millis): void {
    this.cells[STRIDE * id + TIME] = timeMs;
  }

  /** The entry's time (Core: nTime). */
  time(id: number): Millis {
    return this.cells[STRIDE * id + TIME] ?? 0;
  }

  /** True when `services` adds no bit the entry lacks (then an OR would change nothing). */
  covers(id: number, services: bigint): boolean {
    return this.coversBits(id, lowBits(services));
  }

  /** covers() for services given as their low 32 bits, or −1 when wider (AddrBatch.lowServices). */
  coversBits(id: number, bits: number): boolean {
    const known = this.cells[STRIDE * id + SERVICES] ?? WIDE;
    if (known === WIDE || bits === WIDE) return false;
    return ((bits | known) >>> 0) === known;
  }
}
