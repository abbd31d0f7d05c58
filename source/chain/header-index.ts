// The header store in flat typed arrays (no object per header). Per header it holds the 48 bytes
// of the header other than its previous-block hash (that is the parent's hash, stored once), its own
// 32-byte hash, parent index, height, 128-bit cumulative work, and a slot in an open-addressing hash
// table keyed by the first 4 hash bytes; plus one best-chain entry per height. About 116 bytes per
// header when the arrays are full (see bytesHeld()).
//
//   index i ─► rest[48i..48i+48)  version | merkle root | time | bits | nonce
//           ─► hashes[32i..32i+32) parents[i] heights[i] work[4i..4i+4) (little-endian uint32 limbs)
//   table[slot] = i + 1 (0 = empty), slot = first 4 hash bytes & mask, linear probing
//   best[h] = index of the best chain's header at height h

/** Byte offsets inside the 80-byte serialized header (Core: CBlockHeader field order). */
const PREV_OFFSET = 4;
/** Bytes kept per header besides the hash: 80 minus the 32-byte previous hash. */
const REST_SIZE = 48;
const REST_TIME = 36;
const REST_BITS = 40;

/** Flat, append-only storage of validated headers with hash lookup and best-chain heights. */
export class HeaderIndex {
  private cap: number;
  private n = 0;
  private rest: Uint8Array;
  private hashes: Uint8Array;
  private parents: Int32Array;
  private heights: Uint32Array;
  private work: Uint32Array;
  private table: Int32Array;
  private mask: number;
  private best: Int32Array;
  private bestLen = 0;

  /** Creates an empty index with room for `capacity` headers before the first growth. */
  constructor(capacity = 1024) {
    this.cap = Math.max(16, capacity);
    this.rest = new Uint8Array(this.cap * REST_SIZE);
    this.hashes = new Uint8Array(this.cap * 32);
    this.parents = new Int32Array(this.cap);
    this.heights = new Uint32Array(this.cap);
    this.work = new Uint32Array(this.cap * 4);
    let t = 32;
    while (t < this.cap * 2) t *= 2;
    this.table = new Int32Array(t);
    this.mask = t - 1;
    this.best = new Int32Array(this.cap);
  }

  /** Number of headers stored. */
  size(): number {
    return this.n;
  }

  /** Index of the header with the 32-byte hash at `hash[off..]`, or −1. */
  find(hash: Uint8Array, off = 0): number {
    const t = this.table;
    const hs = this.hashes;
    let slot = ((hash[off]! | (hash[off + 1]! << 8) | (hash[off + 2]! << 16) | (hash[off + 3]! << 24)) >>> 0) & this.mask;
    for (;;) {
      const e = t[slot]!;
      if (e === 0) return -1;
      const base = (e - 1) * 32;
      let same = true;
      for (let k = 0; k < 32; k++) {
        if (hs[base + k] !== hash[off + k]) {
          same = false;
          break;
        }
      }
      if (same) return e - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Appends a header (80 bytes at raw[rawOff..]) with its hash, parent index (−1 for genesis) and
   * its own work as four little-endian uint32 limbs; returns its index.
   */
  add(raw: Uint8Array, rawOff: number, hash: Uint8Array, hashOff: number, parent: number, ownWork: Uint32Array): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    // Short copies as byte loops (a subarray view allocates); the 44-byte tail with one set().
    const r = i * REST_SIZE;
    const rest = this.rest;
    for (let k = 0; k < PREV_OFFSET; k++) rest[r + k] = raw[rawOff + k]!;
    rest.set(raw.subarray(rawOff + PREV_OFFSET + 32, rawOff + 80), r + PREV_OFFSET);
    const hs = this.hashes;
    for (let k = 0, b = i * 32; k < 32; k++) hs[b + k] = hash[hashOff + k]!;
    this.parents[i] = parent;
    this.heights[i] = parent < 0 ? 0 : this.heights[parent]! + 1;
    let carry = 0;
    for (let k = 0; k < 4; k++) {
      const s = (parent < 0 ? 0 : this.work[parent * 4 + k]!) + ownWork[k]! + carry;
      this.work[i * 4 + k] = s >>> 0;
      carry = s > 0xffffffff ? 1 : 0;
    }
    if ((this.n) * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.insert(i);
    return i;
  }

  /** Height of header i. */
  height(i: number): number {
    return this.heights[i]!;
  }
  /** Parent index of header i (−1 for genesis). */
  parent(i: number): number {
    return this.parents[i]!;
  }
  /** Timestamp of header i, Unix seconds. */
  time(i: number): number {
    return this.u32(i * REST_SIZE + REST_TIME);
  }
  /** nBits of header i. */
  bits(i: number): number {
    return this.u32(i * REST_SIZE + REST_BITS);
  }
  /** A copy of header i's hash (internal order). */
  hash(i: number): Uint8Array {
    return this.hashes.slice(i * 32, i * 32 + 32);
  }
  /** Writes header i's 80 serialized bytes into out[off..]. */
  writeHeader(i: number, out: Uint8Array, off: number): void {
    const r = i * REST_SIZE;
    out.set(this.rest.subarray(r, r + PREV_OFFSET), off);
    const p = this.parents[i]!;
    if (p >= 0) out.set(this.hashes.subarray(p * 32, p * 32 + 32), off + PREV_OFFSET);
    else out.fill(0, off + PREV_OFFSET, off + PREV_OFFSET + 32);
    out.set(this.rest.subarray(r + PREV_OFFSET, r + REST_SIZE), off + PREV_OFFSET + 32);
  }
  /** Cumulative chain work of header i. */
  chainWork(i: number): bigint {
    let v = 0n;
    for (let k = 3; k >= 0; k--) v = (v << 32n) | BigInt(this.work[i * 4 + k]!);
    return v;
  }
  /** Sign of chainWork(a) − chainWork(b), without bigints. */
  compareWork(a: number, b: number): number {
    for (let k = 3; k >= 0; k--) {
      const x = this.work[a * 4 + k]!;
      const y = this.work[b * 4 + k]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  /** Length of the best chain (tip height + 1). */
  bestLength(): number {
    return this.bestLen;
  }
  /** Index of the best chain's header at `height`, or −1. */
  bestAt(height: number): number {
    return height >= 0 && height < this.bestLen ? this.best[height]! : -1;
  }
  /** True when header i lies on the best chain. */
  onBest(i: number): boolean {
    const h = this.heights[i]!;
    return h < this.bestLen && this.best[h] === i;
  }
  /** Makes header i the best tip, rewriting best-chain entries back to the fork point. */
  setBestTip(i: number): void {
    const h = this.heights[i]!;
    if (h >= this.best.length) {
      const next = new Int32Array(Math.max(h + 1, Math.ceil(this.best.length * 1.5)));
      next.set(this.best);
      this.best = next;
    }
    let x = i;
    while (x >= 0 && !(this.heights[x]! < this.bestLen && this.best[this.heights[x]!] === x)) {
      this.best[this.heights[x]!] = x;
      x = this.parents[x]!;
    }
    this.bestLen = h + 1;
  }
  /** The ancestor of i at `height` (best-chain array once the branch joins it). */
  ancestor(i: number, height: number): number {
    let x = i;
    while (x >= 0 && this.heights[x]! > height) {
      if (this.onBest(x)) return this.best[height]!;
      x = this.parents[x]!;
    }
    return x;
  }

  /** Bytes allocated by the arrays (the memory this index holds). */
  bytesHeld(): number {
    return this.rest.byteLength + this.hashes.byteLength + this.parents.byteLength + this.heights.byteLength
      + this.work.byteLength + this.table.byteLength + this.best.byteLength;
  }

  private u32(off: number): number {
    const r = this.rest;
    return (r[off]! | (r[off + 1]! << 8) | (r[off + 2]! << 16) | (r[off + 3]! << 24)) >>> 0;
  }

  private insert(i: number): void {
    const hs = this.hashes;
    const b = i * 32;
    let slot = ((hs[b]! | (hs[b + 1]! << 8) | (hs[b + 2]! << 16) | (hs[b + 3]! << 24)) >>> 0) & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = i + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < this.n; i++) this.insert(i);
  }

  private grow(): void {
    const cap = Math.ceil(this.cap * 1.5);
    const grow8 = (a: Uint8Array, per: number): Uint8Array => { const b = new Uint8Array(cap * per); b.set(a); return b; };
    this.rest = grow8(this.rest, REST_SIZE);
    this.hashes = grow8(this.hashes, 32);
    const p = new Int32Array(cap); p.set(this.parents); this.parents = p;
    const h = new Uint32Array(cap); h.set(this.heights); this.heights = h;
    const w = new Uint32Array(cap * 4); w.set(this.work); this.work = w;
    this.cap = cap;
  }
}
