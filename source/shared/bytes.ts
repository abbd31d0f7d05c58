// Byte helpers: hex, concatenation, comparison, and a bounds-checked reader/writer for wire formats
// (little-endian integers and Bitcoin's CompactSize). The reader reports truncation as a typed
// DecodeError (thrown internally and caught at codec boundaries, which return DecodeResult values).
import { DecodeError } from './errors.js';

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes of a hex string (must be even length and hex; throws RangeError otherwise). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError('fromHex: not hex');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Concatenation of byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Copies up to this many bytes by hand; TypedArray.set costs more for a few bytes (Canopy: measured). */
const HAND_COPY_MAX_BYTES = 32;

/** Copies src[start..end) into dst at `at`: short runs (addresses, magic, hashes) by hand, long ones with set(). */
export function copyInto(dst: Uint8Array, at: number, src: Uint8Array, start = 0, end = src.length): void {
  if (end - start <= HAND_COPY_MAX_BYTES) for (let i = start; i < end; i++) dst[at + i - start] = src[i] as number;
  else dst.set(src.subarray(start, end), at);
}

/** A copy of bytes[start..end) in a new Uint8Array of exactly that size. Not `.slice()`: on a Node
 * Buffer (received chunks are Buffers) `.slice()` is a view that keeps the whole chunk alive. */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const out = new Uint8Array(end - start);
  copyInto(out, 0, bytes, start, end);
  return out;
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Largest CompactSize accepted for counts and lengths (Core's MAX_SIZE, 32 MiB). */
export const MAX_COMPACT_SIZE = 0x02000000;

/** One 64-bit cell and its two 32-bit halves (the same 8 bytes): a bigint goes in or out of a
 * BigUint64Array element in one step, where building it from halves with bigint arithmetic takes four
 * bigint operations (~100–160 ns against ~30 ns, measured). Module-level and fixed, so the views stay
 * on the heap (a DataView over a fresh small array moves its storage off it, see ByteReader). */
const U64_CELL = new BigUint64Array(1);
const U64_HALVES = new Uint32Array(U64_CELL.buffer);
/** Which half of the cell is the low one: the views use the host's byte order. */
const LO_HALF = ((): number => { U64_CELL[0] = 1n; return U64_HALVES[0] === 1 ? 0 : 1; })();
const HI_HALF = 1 - LO_HALF;

/** The last 32-bit value u64FromHalves returned, and its bigint. */
let lastSmallValue = 0;
let lastSmallBigint = 0n;

/** A u64 from its little-endian 32-bit halves (each 0 … 2^32 − 1) as a bigint. */
export function u64FromHalves(lo: number, hi: number): bigint {
  if (hi !== 0) {
    U64_HALVES[LO_HALF] = lo;
    U64_HALVES[HI_HALF] = hi;
    return U64_CELL[0] as bigint;
  }
  // Most fields (services, small timestamps) fit in 32 bits, and runs of equal values are common
  // (the services of an addr message's entries): the last small value's bigint is reused (bigints
  // are immutable, so sharing one is safe).
  if (lo !== lastSmallValue) {
    lastSmallValue = lo;
    lastSmallBigint = BigInt(lo);
  }
  return lastSmallBigint;
}

/** The low 32 bits of `v` modulo 2^64, split through the shared 64-bit cell (no bigint arithmetic);
 * u64HighHalf() then gives the high 32 bits of the same value. */
export function u64LowHalf(v: bigint): number {
  U64_CELL[0] = v;
  return U64_HALVES[LO_HALF] as number;
}

/** The high 32 bits of the value the last u64LowHalf() call split. */
export function u64HighHalf(): number {
  return U64_HALVES[HI_HALF] as number;
}

/** 8 bytes holding the u64 hi·2^32 + lo little-endian (a ping nonce, without a bigint). */
export function u64leBytes(lo: number, hi: number): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 4; i++) {
    out[i] = (lo >>> (8 * i)) & 0xff;
    out[4 + i] = (hi >>> (8 * i)) & 0xff;
  }
  return out;
}

/** The big-endian u32 at `at` (the caller has checked the bounds): IPv4 addresses, checksum fields. */
export function u32beAt(b: Uint8Array, at: number): number {
  return (((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)) >>> 0;
}

/** The little-endian u32 at `at` (the caller has checked the bounds). */
export function u32At(b: Uint8Array, at: number): number {
  return ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24)) >>> 0;
}

/** Sequential reader over untrusted bytes; every read is bounds-checked. Integers are read byte by
 * byte: no DataView (making one over a small, heap-allocated array moves its storage, ~2 µs in V8). */
export class ByteReader {
  private offset = 0;

  /** Reads from `bytes`, starting at offset 0. */
  constructor(private readonly bytes: Uint8Array) {}

  /** Bytes not yet read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Current read position. */
  get position(): number {
    return this.offset;
  }

  private need(n: number): void {
    if (n < 0 || this.offset + n > this.bytes.length) {
      throw new DecodeError('truncated', `need ${n} bytes at offset ${this.offset}, have ${this.remaining}`);
    }
  }

  /** One unsigned byte. */
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++] as number;
  }

  /** Little-endian uint16. */
  u16le(): number {
    this.need(2);
    const b = this.bytes, at = this.offset;
    this.offset = at + 2;
    return (b[at] as number) | ((b[at + 1] as number) << 8);
  }

  /** Big-endian uint16 (ports in network addresses). */
  u16be(): number {
    this.need(2);
    const b = this.bytes, at = this.offset;
    this.offset = at + 2;
    return ((b[at] as number) << 8) | (b[at + 1] as number);
  }

  /** Little-endian uint32. */
  u32le(): number {
    return u32At(this.bytes, this.take(4));
  }

  /** Little-endian int32. */
  i32le(): number {
    return this.u32le() | 0;
  }

  /** Little-endian uint64 as bigint. */
  u64le(): bigint {
    this.need(8);
    const lo = this.u32le();
    return u64FromHalves(lo, this.u32le());
  }

  /** Little-endian int64 as bigint. */
  i64le(): bigint {
    return BigInt.asIntN(64, this.u64le());
  }

  /** The bytes being read (for codecs that parse a fixed-size field in place after take()). */
  get source(): Uint8Array {
    return this.bytes;
  }

  /** Consumes `n` bytes and returns their offset in `source` (one bounds check for a whole field). */
  take(n: number): number {
    this.need(n);
    const at = this.offset;
    this.offset = at + n;
    return at;
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  /** `n` raw bytes (a copy). */
  bytesN(n: number): Uint8Array {
    this.need(n);
    const out = copyBytes(this.bytes, this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Bitcoin CompactSize; rejects non-canonical encodings and values above `max`. */
  compactSize(max: number = MAX_COMPACT_SIZE): number {
    const first = this.u8();
    let value: number;
    if (first < 0xfd) {
      value = first;
    } else if (first === 0xfd) {
      value = this.u16le();
      if (value < 0xfd) throw new DecodeError('non-canonical', 'non-canonical CompactSize');
    } else if (first === 0xfe) {
      value = this.u32le();
      if (value < 0x10000) throw new DecodeError('non-canonical', 'non-canonical CompactSize');
    } else {
      const big = this.u64le();
      if (big < 0x1_0000_0000n) throw new DecodeError('non-canonical', 'non-canonical CompactSize');
      throw new DecodeError('oversized', `CompactSize ${big} too large`);
    }
    if (value > max) throw new DecodeError('oversized', `CompactSize ${value} exceeds ${max}`);
    return value;
  }

  /** CompactSize-prefixed byte string of at most `maxLength` bytes. */
  varBytes(maxLength: number = MAX_COMPACT_SIZE): Uint8Array {
    return this.bytesN(this.compactSize(maxLength));
  }
}

/** V8 keeps typed arrays up to this many bytes on the JS heap (V8_TYPED_ARRAY_MAX_SIZE_IN_HEAP);
 * a larger `new Uint8Array` allocates a zeroed backing store outside it (~1 µs, measured). */
const ON_HEAP_MAX_BYTES = 64;
/** Size of a shared slab (Node's Buffer.poolSize, so a kept small view pins no more than before). */
const SLAB_BYTES = 8192;
/** Sizes below this share a slab (Buffer.poolSize >>> 1, the cut-off of Node's own pool). */
const POOLED_BELOW_BYTES = SLAB_BYTES >>> 1;

let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/**
 * Bytes as a plain Uint8Array (so `.slice()` copies) that the caller overwrites (their content is
 * unspecified). Sizes below 4 KiB are carved from a shared 8 KiB ArrayBuffer, as Node's Buffer pool
 * does but without a Buffer object per call (0.2 → 0.06 µs, measured); an ArrayBuffer allocation
 * costs about as much as hashing 300 bytes. The view may therefore have a non-zero byteOffset into a
 * larger ArrayBuffer: read it through byteOffset/byteLength. Frames for sockets use this for every
 * size (a socket write of a heap-held array first moves it off the heap).
 */
export function pooledBytes(n: number): Uint8Array {
  if (n >= POOLED_BELOW_BYTES) {
    const own = Buffer.allocUnsafeSlow(n); // uninitialised: no zero fill for a frame about to be written
    return new Uint8Array(own.buffer, own.byteOffset, n);
  }
  if (slabUsed + n > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const view = new Uint8Array(slab, slabUsed, n);
  slabUsed = (slabUsed + n + 7) & ~7; // 8-byte aligned, as Node's pool
  return view;
}

/** Uninitialised bytes for a writer to fill: on the JS heap when small, else pooledBytes. */
function scratchBytes(n: number): Uint8Array {
  return n <= ON_HEAP_MAX_BYTES ? new Uint8Array(n) : pooledBytes(n);
}

/** Growable little-endian writer for wire formats. Integers are written byte by byte (no DataView,
 * see ByteReader). */
export class ByteWriter {
  private buf: Uint8Array;
  private length = 0;

  /** Starts with `initialCapacity` bytes of room. */
  constructor(initialCapacity = 64) {
    this.buf = scratchBytes(initialCapacity);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = scratchBytes(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** One byte. */
  u8(v: number): this {
    this.reserve(1);
    this.buf[this.length++] = v;
    return this;
  }

  /** Little-endian uint16. */
  u16le(v: number): this {
    this.reserve(2);
    const b = this.buf, at = this.length;
    b[at] = v;
    b[at + 1] = v >>> 8;
    this.length = at + 2;
    return this;
  }

  /** Big-endian uint16 (ports). */
  u16be(v: number): this {
    this.reserve(2);
    const b = this.buf, at = this.length;
    b[at] = v >>> 8;
    b[at + 1] = v;
    this.length = at + 2;
    return this;
  }

  /** Little-endian uint32. */
  u32le(v: number): this {
    this.reserve(4);
    const b = this.buf, at = this.length;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
    this.length = at + 4;
    return this;
  }

  /** Little-endian int32. */
  i32le(v: number): this {
    return this.u32le(v | 0);
  }

  /** Little-endian uint64. */
  u64le(v: bigint): this {
    // Two 32-bit halves through the 64-bit cell (no bigint arithmetic, no DataView; see ByteReader).
    // The element store takes v modulo 2^64, as BigInt.asUintN(64, v) would.
    U64_CELL[0] = v;
    const lo = U64_HALVES[LO_HALF] as number, hi = U64_HALVES[HI_HALF] as number;
    return this.u32le(lo).u32le(hi);
  }

  /** Little-endian int64 (two's complement). */
  i64le(v: bigint): this {
    return this.u64le(v);
  }

  /** Raw bytes. */
  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    copyInto(this.buf, this.length, b);
    this.length += b.length;
    return this;
  }

  /** Bitcoin CompactSize. */
  compactSize(n: number): this {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) return this.u8(0xfd).u16le(n);
    if (n <= 0xffffffff) return this.u8(0xfe).u32le(n);
    return this.u8(0xff).u64le(BigInt(n));
  }

  /** CompactSize-prefixed bytes. */
  varBytes(b: Uint8Array): this {
    return this.compactSize(b.length).bytes(b);
  }

  /** The bytes written so far, exactly that many: the buffer itself when full (shared with the writer
   * until its next write), else a copy. From 65 bytes to 4 KiB they are a view into Node's shared
   * Buffer pool: read them through byteOffset, and copy them before keeping them for long. */
  finish(): Uint8Array {
    const n = this.length, buf = this.buf;
    // Exactly full: handed over as is (a later write would reallocate before touching it).
    if (n === buf.length) return buf;
    const out = scratchBytes(n);
    copyInto(out, 0, buf, 0, n);
    return out;
  }
}
