// CompactSize helpers the shared ByteReader lacks: counts and lengths checked against a limit at
// every size (its compactSize(max) skips the check for one-byte values below 0xfd), and 64-bit
// CompactSize values (services in addrv2). Reads throw DecodeError; codecs catch it.
import { MAX_COMPACT_SIZE, type ByteReader, type ByteWriter } from '../shared/bytes.js';
import { DecodeError } from '../shared/errors.js';

/** Reads a CompactSize count or length and rejects it as 'oversized' when above `max`. */
export function readSize(r: ByteReader, max: number, what: string): number {
  const n = r.compactSize(MAX_COMPACT_SIZE);
  if (n > max) throw new DecodeError('oversized', `${what}: ${n} exceeds ${max}`);
  return n;
}

/** Reads CompactSize-prefixed bytes of at most `max` bytes. */
export function readSizedBytes(r: ByteReader, max: number, what: string): Uint8Array {
  return r.bytesN(readSize(r, max, what));
}

/** Reads a CompactSize of up to 64 bits as a bigint (canonical encodings only). */
export function readCompactSize64(r: ByteReader): bigint {
  const first = r.u8();
  if (first < 0xfd) return BigInt(first);
  if (first === 0xfd) {
    const v = r.u16le();
    if (v < 0xfd) throw new DecodeError('non-canonical', 'non-canonical CompactSize');
    return BigInt(v);
  }
  if (first === 0xfe) {
    const v = r.u32le();
    if (v < 0x10000) throw new DecodeError('non-canonical', 'non-canonical CompactSize');
    return BigInt(v);
  }
  const v = r.u64le();
  if (v < 0x1_0000_0000n) throw new DecodeError('non-canonical', 'non-canonical CompactSize');
  return v;
}

/** Writes a 64-bit value as a CompactSize. */
export function writeCompactSize64(w: ByteWriter, v: bigint): ByteWriter {
  const n = BigInt.asUintN(64, v);
  if (n <= 0xffff_ffffn) return w.compactSize(Number(n));
  return w.u8(0xff).u64le(n);
}
