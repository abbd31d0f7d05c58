// An open-addressing hash index from IPv4 endpoint (32-bit address, 16-bit port) to entry id, in
// typed arrays: no boxed number keys, no per-entry allocation. Linear probing; deletion shifts the
// following run back (no tombstones), so lookups never slow down with churn. Grows ×2 past half full.
// The hash is a fixed multiplicative mix: the book's bucketing (keyed SipHash) decides placement, this
// index only finds entries, and an attacker who clusters keys can only lengthen probe runs linearly
// (every address still costs them a distinct announcement). Pure.

/** Slots of a new index (a power of two). Canopy: small books stay small. */
const INITIAL_CAPACITY = 1024;
/** Marks an empty slot in `ids` (ids are ≥ 0). */
const EMPTY = -1;
/** Knuth's multiplicative constant (2^32 / golden ratio), spreads the address bits. */
const MIX_A = 0x9e3779b1;
/** A second odd constant (MurmurHash3's fmix32) for the port and the final mix. */
const MIX_B = 0x85ebca6b;

/** Maps (IPv4 address as a u32, port) to a non-negative id. */
export class Ipv4Index {
  private addrs = new Uint32Array(INITIAL_CAPACITY);
  private ports = new Uint16Array(INITIAL_CAPACITY);
  private ids = new Int32Array(INITIAL_CAPACITY).fill(EMPTY);
  private mask = INITIAL_CAPACITY - 1;
  private count = 0;

  /** Number of stored keys. */
  get size(): number {
    return this.count;
  }

  private slotOf(addr: number, port: number): number {
    let h = Math.imul(addr, MIX_A) ^ Math.imul(port + 1, MIX_B);
    h ^= h >>> 15;
    h = Math.imul(h, MIX_B);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The id stored for (addr, port), or −1. */
  get(addr: number, port: number): number {
    const ids = this.ids, addrs = this.addrs, ports = this.ports, mask = this.mask;
    for (let i = this.slotOf(addr, port); ; i = (i + 1) & mask) {
      const id = ids[i] ?? EMPTY;
      if (id === EMPTY) return EMPTY;
      if (addrs[i] === addr && ports[i] === port) return id;
    }
  }

  /** Stores id for (addr, port), replacing any previous id. */
  set(addr: number, port: number, id: number): void {
    if ((this.count + 1) * 2 > this.ids.length) this.grow();
    const ids = this.ids, addrs = this.addrs, ports = this.ports, mask = this.mask;
    for (let i = this.slotOf(addr, port); ; i = (i + 1) & mask) {
      const cur = ids[i] ?? EMPTY;
      if (cur === EMPTY) {
        addrs[i] = addr; ports[i] = port; ids[i] = id;
        this.count++;
        return;
      }
      if (addrs[i] === addr && ports[i] === port) { ids[i] = id; return; }
    }
  }

  /** Removes (addr, port); false when it was absent. */
  delete(addr: number, port: number): boolean {
    const ids = this.ids, addrs = this.addrs, ports = this.ports, mask = this.mask;
    let i = this.slotOf(addr, port);
    for (; ; i = (i + 1) & mask) {
      const id = ids[i] ?? EMPTY;
      if (id === EMPTY) return false;
      if (addrs[i] === addr && ports[i] === port) break;
    }
    // Backward shift: move each later key of the run into the hole when its home slot allows it.
    let hole = i;
    for (let j = (hole + 1) & mask; (ids[j] ?? EMPTY) !== EMPTY; j = (j + 1) & mask) {
      const home = this.slotOf(addrs[j] ?? 0, ports[j] ?? 0);
      // j's key may fill the hole unless its home lies cyclically in (hole, j].
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        addrs[hole] = addrs[j] ?? 0; ports[hole] = ports[j] ?? 0; ids[hole] = ids[j] ?? EMPTY;
        hole = j;
      }
    }
    ids[hole] = EMPTY;
    this.count--;
    return true;
  }

  private grow(): void {
    const oldAddrs = this.addrs, oldPorts = this.ports, oldIds = this.ids;
    const capacity = oldIds.length * 2;
    this.addrs = new Uint32Array(capacity);
    this.ports = new Uint16Array(capacity);
    this.ids = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < oldIds.length; i++) {
      const id = oldIds[i] ?? EMPTY;
      if (id !== EMPTY) this.set(oldAddrs[i] ?? 0, oldPorts[i] ?? 0, id);
    }
  }
}

/** The 32-bit big-endian value of an IPv4 address's four bytes. */
export function ipv4Value(bytes: Uint8Array): number {
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}
