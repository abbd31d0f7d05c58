// Bucket and slot positions from a keyed hash (Core: AddrInfo::GetTriedBucket, GetNewBucket,
// GetBucketPosition). The key is derived from the book's secret 32-byte salt (SHA-256 of it, first 16
// bytes) and the hash is SipHash-2-4 (Core hashes with double SHA-256; any keyed hash an attacker
// cannot predict serves, and SipHash is much cheaper). The hashes that depend only on groups are
// memoised where they repeat: per (group, hash1) for tried buckets and per (source group, hash1) for
// new buckets, each as a small array per group. The (group, source group) hash is not: those pairs
// rarely repeat, so a memo of them would mostly miss and cost more than hashing.
import { sha256 } from '../shared/hash.js';
import { BUCKET_SIZE, NEW_BUCKET_COUNT, NEW_BUCKETS_PER_SOURCE_GROUP, TRIED_BUCKET_COUNT, TRIED_BUCKETS_PER_GROUP } from './constants.js';
import type { NetAddr } from '../protocol/netaddr.js';
import { NETWORK_ID } from './addr-info.js';
import { sipHash24LowWords, sipKey } from './siphash.js';

/** Memo tables are cleared beyond this many entries (bounded memory; Canopy). */
const MEMO_LIMIT = 100_000;

/** The character '.' between the two octets of an IPv4 group key. */
const DOT = 0x2e;

/** Writes `n` (0…255) in decimal at buf[at…]; returns the next position. */
function putDecimal(buf: Uint8Array, at: number, n: number): number {
  let i = at;
  if (n >= 100) buf[i++] = 0x30 + Math.floor(n / 100);
  if (n >= 10) buf[i++] = 0x30 + (Math.floor(n / 10) % 10);
  buf[i++] = 0x30 + (n % 10);
  return i;
}

/** Computes bucket indices and positions for one salt. */
export class Bucketing {
  /** Per source group: the bucket of each of its 64 hash1 values (−1 until computed). */
  private readonly newMemo = new Map<string, Int16Array>();
  /** Per group: the tried bucket of each of its 8 hash1 values (−1 until computed). */
  private readonly triedMemo = new Map<string, Int16Array>();
  /** The source group newBucket last served, and its row. */
  private lastSourceGroup = '';
  private lastSourceRow: Int16Array | undefined;
  /** Word 0 of the SipHash key (SipKey order, as int32): the key lives in fields, not an array. */
  private readonly k0l: number;
  /** Word 1 of the SipHash key. */
  private readonly k0h: number;
  /** Word 2 of the SipHash key. */
  private readonly k1l: number;
  /** Word 3 of the SipHash key. */
  private readonly k1h: number;
  /** Hash input; 64 bytes keep it on the JS heap beside its header (grown when a longer input needs it). */
  private scratch = new Uint8Array(64);
  private length = 0;

  /** Creates the bucketing for a secret salt. */
  constructor(readonly salt: Uint8Array) {
    const key = sipKey(sha256(salt));
    this.k0l = (key[0] ?? 0) | 0;
    this.k0h = (key[1] ?? 0) | 0;
    this.k1l = (key[2] ?? 0) | 0;
    this.k1h = (key[3] ?? 0) | 0;
  }

  /** SipHash of scratch[0..length) under the book's key. */
  private sip(length: number): number {
    return sipHash24LowWords(this.k0l, this.k0h, this.k1l, this.k1h, this.scratch, length);
  }

  /** Grows the scratch buffer, if needed, so that `extra` more bytes fit. */
  private reserve(extra: number): void {
    if (this.length + extra <= this.scratch.length) return;
    const bigger = new Uint8Array((this.length + extra) * 2);
    bigger.set(this.scratch);
    this.scratch = bigger;
  }

  /** Appends a string's char codes (low bytes) and a separator to the scratch buffer. */
  private put(s: string): void {
    this.reserve(s.length + 1);
    let n = this.length;
    // Position and buffer in locals: the loop then stores bytes only, not this.length per byte.
    const buf = this.scratch;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i) & 0xff;
    buf[n++] = 0; // separator, so ("ab","c") ≠ ("a","bc")
    this.length = n;
  }

  /** Writes network id, port and address bytes (then a separator) into the scratch buffer. */
  private putAddr(addr: NetAddr): void {
    this.reserve(addr.bytes.length + 4);
    const s = this.scratch;
    let n = this.length;
    s[n++] = NETWORK_ID[addr.network];
    s[n++] = addr.port >> 8;
    s[n++] = addr.port & 0xff;
    // A plain loop: TypedArray.prototype.set costs more than copying 4 to 32 bytes by hand.
    const bytes = addr.bytes;
    for (let i = 0; i < bytes.length; i++) s[n++] = bytes[i] ?? 0;
    s[n++] = 0;
    this.length = n;
  }

  private hashAddr(tag: number, bucket: number, addr: NetAddr): number {
    const s = this.scratch;
    s[0] = tag;
    s[1] = bucket >> 8;
    s[2] = bucket & 0xff;
    this.length = 3;
    this.putAddr(addr);
    return this.sip(this.length);
  }

  private hash(tag: string, a: string, b = ''): number {
    this.length = 0;
    this.put(tag);
    this.put(a);
    this.put(b);
    return this.sip(this.length);
  }

  /** The tried bucket (Core: hash1 = H(key, addr) % 8; bucket = H(key, group, hash1) % 256). */
  triedBucket(addr: NetAddr, group: string): number {
    const hash1 = this.hashAddr(0x54, 0, addr) % TRIED_BUCKETS_PER_GROUP;
    let row = this.triedMemo.get(group);
    if (row === undefined) {
      if (this.triedMemo.size > MEMO_LIMIT) this.triedMemo.clear();
      row = new Int16Array(TRIED_BUCKETS_PER_GROUP).fill(-1);
      this.triedMemo.set(group, row);
    }
    let bucket = row[hash1] ?? -1;
    if (bucket < 0) {
      bucket = this.hash('t', group, String.fromCharCode(hash1)) % TRIED_BUCKET_COUNT;
      row[hash1] = bucket;
    }
    return bucket;
  }

  /** The new bucket (Core: hash1 = H(key, group, srcGroup) % 64; bucket = H(key, srcGroup, hash1) % 1024). */
  newBucket(group: string, sourceGroup: string): number {
    this.length = 0;
    this.put('G');
    this.put(group);
    return this.newBucketOfScratch(sourceGroup);
  }

  /** newBucket() for the /16 group of a routable IPv4 address given as its 32-bit value: the same
   * bytes are hashed, written from the value (no group string is read). */
  newBucketIpv4(value: number, sourceGroup: string): number {
    this.length = 0;
    this.put('G');
    this.putIpv4Group(value);
    return this.newBucketOfScratch(sourceGroup);
  }

  /** Appends the characters of the group key `ipv4:a.b` (netgroup.ts) and a separator. */
  private putIpv4Group(value: number): void {
    this.reserve(13); // "ipv4:" (5), "a.b" (at most 7) and the separator
    const buf = this.scratch;
    let n = this.length;
    // "ipv4:" as immediates (no array to read)
    buf[n++] = 0x69; buf[n++] = 0x70; buf[n++] = 0x76; buf[n++] = 0x34; buf[n++] = 0x3a;
    n = putDecimal(buf, n, value >>> 24);
    buf[n++] = DOT;
    n = putDecimal(buf, n, (value >>> 16) & 0xff);
    buf[n++] = 0;
    this.length = n;
  }

  /** The new bucket once the scratch holds 'G' and the group: appends the source group and hashes. */
  private newBucketOfScratch(sourceGroup: string): number {
    this.put(sourceGroup);
    // The row of the last source group is kept at hand: one addr message asks for it once per address
    // that reaches the bucket test, and the memo Map, large after a long run, is a cache miss each time.
    let row = sourceGroup === this.lastSourceGroup ? this.lastSourceRow : this.newMemo.get(sourceGroup);
    if (row === undefined) {
      if (this.newMemo.size > MEMO_LIMIT) this.newMemo.clear();
      row = new Int16Array(NEW_BUCKETS_PER_SOURCE_GROUP).fill(-1);
      this.newMemo.set(sourceGroup, row);
    }
    this.lastSourceGroup = sourceGroup;
    this.lastSourceRow = row;
    const hash1 = this.sip(this.length) % NEW_BUCKETS_PER_SOURCE_GROUP;
    let bucket = row[hash1] ?? -1;
    if (bucket < 0) {
      bucket = this.hash('S', sourceGroup, String.fromCharCode(hash1)) % NEW_BUCKET_COUNT;
      row[hash1] = bucket;
    }
    return bucket;
  }

  /** position() of the IPv4 address with this 32-bit value and port (the same bytes hashed, no NetAddr). */
  positionIpv4(isNew: boolean, bucket: number, value: number, port: number): number {
    const s = this.scratch;
    s[0] = isNew ? 0x4e : 0x4b;
    s[1] = bucket >> 8;
    s[2] = bucket & 0xff;
    s[3] = NETWORK_ID.ipv4;
    s[4] = port >> 8;
    s[5] = port & 0xff;
    s[6] = value >>> 24;
    s[7] = (value >>> 16) & 0xff;
    s[8] = (value >>> 8) & 0xff;
    s[9] = value & 0xff;
    s[10] = 0;
    return this.sip(11) % BUCKET_SIZE;
  }

  /** The slot inside a bucket (Core: H(key, 'N' or 'K', bucket, addr) % 64). */
  position(isNew: boolean, bucket: number, addr: NetAddr): number {
    return this.hashAddr(isNew ? 0x4e : 0x4b, bucket, addr) % BUCKET_SIZE;
  }
}
