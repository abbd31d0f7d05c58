// An open-addressing hash index from IPv4 endpoint (32-bit address, 16-bit port) to entry id, in one
// Int32Array with each slot's id, address and port side by side (one cache miss per probe): no boxed
// number keys, no per-entry allocation. Linear probing at most half full (at 3/4 a lookup of an unknown
// address, the common case while a book fills, probes ~8 slots instead of ~2.5; measured slower for
// ingest and no faster for the engine); deletion shifts the following run back (no tombstones), so
// lookups do not slow down with churn. Grows ×2.
// The slot hash is a multiply-xorshift mix keyed by two secret 32-bit words (the book derives them
// from its salt), so an outsider cannot simply choose addresses that share one probe run. It is not a
// cryptographic PRF; it only has to keep probe runs short. Pure.
import { sha256 } from '../shared/hash.js';
import { u32beAt } from '../shared/bytes.js';

/** Slots of a new index (a power of two). Canopy: small books stay small. */
const INITIAL_CAPACITY = 1024;
/** Marks an empty slot in its id cell (ids are ≥ 0). */
const EMPTY = -1;
/** Knuth's multiplicative constant (2^32 / golden ratio), spreads the address bits. */
const MIX_A = 0x9e3779b1;
/** A second odd constant (MurmurHash3's fmix32 multiplier) for the mixing steps. */
const MIX_B = 0x85ebca6b;

/** Int32 cells per slot: id (EMPTY when free), address, port; one slot shares a cache line. */
const STRIDE = 3;

/** Maps (IPv4 address as a u32, port) to a non-negative id. */
export class Ipv4Index {
  /** Slot i at cells [STRIDE·i, STRIDE·i + 3): id, address (as int32), port. */
  private cells = new Int32Array(STRIDE * INITIAL_CAPACITY).fill(EMPTY);
  private mask = INITIAL_CAPACITY - 1;
  private count = 0;

  /** Creates an empty index whose slot hash is keyed by two secret 32-bit words. */
  constructor(private readonly seed0: number, private readonly seed1: number) {}

  /** Number of stored keys. */
  get size(): number {
    return this.count;
  }

  private slotOf(addr: number, port: number): number {
    let h = addr ^ this.seed0;
    h = Math.imul(h ^ (h >>> 16), MIX_B);
    h ^= Math.imul(port ^ this.seed1, MIX_A);
    h = Math.imul(h ^ (h >>> 15), MIX_B);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The id stored for (addr, port), or −1. */
  get(addr: number, port: number): number {
    const cells = this.cells, mask = this.mask, a = addr | 0;
    for (let i = this.slotOf(addr, port); ; i = (i + 1) & mask) {
      const at = STRIDE * i;
      const id = cells[at] ?? EMPTY;
      if (id === EMPTY) return EMPTY;
      if (cells[at + 1] === a && cells[at + 2] === port) return id;
    }
  }

  /** Stores id for (addr, port), replacing any previous id. */
  set(addr: number, port: number, id: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const cells = this.cells, mask = this.mask, a = addr | 0;
    for (let i = this.slotOf(addr, port); ; i = (i + 1) & mask) {
      const at = STRIDE * i;
      if ((cells[at] ?? EMPTY) === EMPTY) {
        cells[at] = id; cells[at + 1] = a; cells[at + 2] = port;
        this.count++;
        return;
      }
      if (cells[at + 1] === a && cells[at + 2] === port) { cells[at] = id; return; }
    }
  }

  /** Removes (addr, port); false when it was absent. */
  delete(addr: number, port: number): boolean {
    const cells = this.cells, mask = this.mask, a = addr | 0;
    let i = this.slotOf(addr, port);
    for (; ; i = (i + 1) & mask) {
      const at = STRIDE * i;
      if ((cells[at] ?? EMPTY) === EMPTY) return false;
      if (cells[at + 1] === a && cells[at + 2] === port) break;
    }
    // Backward shift: move each later key of the run into the hole when its home slot allows it.
    let hole = i;
    for (let j = (hole + 1) & mask; (cells[STRIDE * j] ?? EMPTY) !== EMPTY; j = (j + 1) & mask) {
      const at = STRIDE * j;
      const home = this.slotOf(cells[at + 1] ?? 0, cells[at + 2] ?? 0);
      // j's key may fill the hole unless its home lies cyclically in (hole, j].
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        cells.copyWithin(STRIDE * hole, at, at + STRIDE);
        hole = j;
      }
    }
    cells[STRIDE * hole] = EMPTY;
    this.count--;
    return true;
  }

  private grow(): void {
    const old = this.cells;
    const capacity = 2 * (this.mask + 1);
    this.cells = new Int32Array(STRIDE * capacity).fill(EMPTY);
    this.mask = capacity - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      const id = old[at] ?? EMPTY;
      if (id !== EMPTY) this.set(old[at + 1] ?? 0, old[at + 2] ?? 0, id);
    }
  }
}

/** The 32-bit big-endian value of an IPv4 address's four bytes. */
export function ipv4Value(bytes: Uint8Array): number {
  return u32beAt(bytes, 0);
}

/** An empty index keyed by bytes 16..23 of SHA-256(salt) (bucketing keys its SipHash with bytes 0..15). */
export function ipv4IndexForSalt(salt: Uint8Array): Ipv4Index {
  const d = sha256(salt);
  const word = (i: number): number => ((d[i] ?? 0) | ((d[i + 1] ?? 0) << 8) | ((d[i + 2] ?? 0) << 16) | ((d[i + 3] ?? 0) << 24)) >>> 0;
  return new Ipv4Index(word(16), word(20));
}
