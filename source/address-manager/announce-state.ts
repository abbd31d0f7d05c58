// What add() reads first for an address it already knows, kept by entry id in one 16-byte slot
// beside the AddrInfo objects: the entry's time (Core: nTime; this is its only copy), its service bits
// and its placement (in tried, or how many new buckets hold it). The last two mirror AddrInfo.services,
// inTried and newBuckets; the book updates them wherever those change. Most announcements repeat an
// address with an older time and the same services (about 70% in a simulated day) or lose the
// stochastic test; settling those from array cells instead of the scattered AddrInfo object and its
// bigint services is what bounds add()'s speed on a large book. Pure.
import type { Millis } from '../shared/time.js';

/** Ids the cells hold before their first growth (Canopy: doubled on demand). */
const INITIAL_IDS = 1024;
/** Service values up to this fit the low-bits cell (an int32); wider ones are always checked on the object. */
const LOW_BITS_MAX_NUMBER = 0x7fff_ffff;
/** Marks an entry whose services do not fit the cell (a real cell is never negative: see lowBits). */
const WIDE = -1;
/** The placement of an entry in the tried table. */
const IN_TRIED = -1;

/** Bytes per id: the time as a float64, then the service bits and the placement as int32s. 16 bytes
 * at a 16-byte offset never straddle a 64-byte cache line, so one lookup touches one line. */
const SLOT_BYTES = 16;
/** Float64 index of an id's time is 2·id; int32 indexes of its service bits and placement are 4·id + 2 and 4·id + 3. */
const F64_PER_SLOT = SLOT_BYTES / 8;
const I32_PER_SLOT = SLOT_BYTES / 4;
const SERVICES = 2;
const PLACEMENT = 3;

/** The low-bits cell for `services`, or WIDE. One conversion instead of bigint comparisons (each a
 * builtin call): Number() is exact up to 2^53, so a negative or wider value fails the range test. */
function lowBits(services: bigint): number {
  const bits = Number(services);
  return bits >= 0 && bits <= LOW_BITS_MAX_NUMBER ? bits : WIDE;
}

/** Per-id time, service bits and placement. */
export class AnnounceState {
  /** One 16-byte slot per id, seen as float64s (the time) and as int32s (service bits or WIDE, new-table references or IN_TRIED). */
  private f64 = new Float64Array(F64_PER_SLOT * INITIAL_IDS);
  private i32 = new Int32Array(this.f64.buffer);

  /** Records a new or reused entry's time and services (placement: no table yet). */
  set(id: number, timeMs: Millis, services: bigint): void {
    if (F64_PER_SLOT * id + F64_PER_SLOT > this.f64.length) {
      const bigger = new Float64Array(Math.max(this.f64.length * 2, F64_PER_SLOT * (id + 1)));
      bigger.set(this.f64);
      this.f64 = bigger;
      this.i32 = new Int32Array(bigger.buffer);
    }
    this.f64[F64_PER_SLOT * id] = timeMs;
    this.i32[I32_PER_SLOT * id + PLACEMENT] = 0;
    this.setServices(id, services);
  }

  /** Records where an entry is: in tried, or in `newRefs` new-table buckets. */
  setPlacement(id: number, inTried: boolean, newRefs: number): void {
    this.i32[I32_PER_SLOT * id + PLACEMENT] = inTried ? IN_TRIED : newRefs;
  }

  /** The entry's new-table reference count (Core: nRefCount), or −1 when it is in tried. */
  newRefs(id: number): number {
    return this.i32[I32_PER_SLOT * id + PLACEMENT] ?? IN_TRIED;
  }

  /** Records new services for an entry. */
  setServices(id: number, services: bigint): void {
    this.i32[I32_PER_SLOT * id + SERVICES] = lowBits(services);
  }

  /** Records a new time for an entry. */
  setTime(id: number, timeMs: Millis): void {
    this.f64[F64_PER_SLOT * id] = timeMs;
  }

  /** The entry's time (Core: nTime). */
  time(id: number): Millis {
    return this.f64[F64_PER_SLOT * id] ?? 0;
  }

  /** True when `services` adds no bit the entry lacks (then an OR would change nothing). */
  covers(id: number, services: bigint): boolean {
    return this.coversBits(id, lowBits(services));
  }

  /** covers() for services given as their low 32 bits, or −1 when wider (AddrBatch.lowServices); bits
   * beyond the cell's 31 count as wider (the caller then checks the entry object, exactly). */
  coversBits(id: number, bits: number): boolean {
    const known = this.i32[I32_PER_SLOT * id + SERVICES] ?? WIDE;
    if (known === WIDE || bits < 0 || bits > LOW_BITS_MAX_NUMBER) return false;
    return (bits | known) === known;
  }
}
