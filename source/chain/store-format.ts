// The append-only header store format (headers.dat): a sequence of 84-byte records, each the
// 80-byte serialized header followed by a 4-byte checksum = the first 4 bytes of its block hash
// (sha256d of the 80 bytes, which the chain computes anyway). Pure: decoding stops at the first
// torn (short) or corrupt record and reports how many bytes are good, so the caller trims the file
// there; records after a corrupt one are dropped too (they may build on it). Never throws.
import { sha256d } from '../shared/hash.js';

/** Bytes per record: 80-byte header + 4-byte checksum. */
export const RECORD_SIZE = 84;
/** Serialized header size (Core: CBlockHeader). */
export const HEADER_SIZE = 80;

/** Writes one record for the header at raw[off..off+80) whose block hash is hash[hashOff..] into out[outOff..]. */
export function writeRecord(raw: Uint8Array, off: number, hash: Uint8Array, hashOff: number, out: Uint8Array, outOff: number): void {
  out.set(raw.subarray(off, off + HEADER_SIZE), outOff);
  for (let k = 0; k < 4; k++) out[outOff + HEADER_SIZE + k] = hash[hashOff + k]!;
}

/** Encodes 80-byte headers as records (the checksum is computed here). */
export function encodeRecords(headers: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(headers.length * RECORD_SIZE);
  headers.forEach((h, i) => {
    if (h.length !== HEADER_SIZE) throw new RangeError(`header must be ${HEADER_SIZE} bytes`);
    writeRecord(h, 0, sha256d(h), 0, out, i * RECORD_SIZE);
  });
  return out;
}

/** What decoding a store file yields. */
export interface DecodedStore {
  /** The good headers, concatenated (80 bytes each). */
  readonly headers: Uint8Array;
  /** Number of good records. */
  readonly count: number;
  /** Byte length of the good prefix: the file should be truncated to this. */
  readonly goodBytes: number;
  /** Why decoding stopped early: null (clean), 'torn' (short last record) or 'corrupt' (checksum). */
  readonly problem: 'torn' | 'corrupt' | null;
}

/** Decodes a store file's bytes; stops at the first torn or corrupt record. */
export function decodeRecords(bytes: Uint8Array): DecodedStore {
  const whole = Math.floor(bytes.length / RECORD_SIZE);
  const headers = new Uint8Array(whole * HEADER_SIZE);
  let count = 0;
  for (; count < whole; count++) {
    const off = count * RECORD_SIZE;
    const raw = bytes.subarray(off, off + HEADER_SIZE);
    const h = sha256d(raw);
    if (h[0] !== bytes[off + 80] || h[1] !== bytes[off + 81] || h[2] !== bytes[off + 82] || h[3] !== bytes[off + 83]) {
      return { headers: headers.slice(0, count * HEADER_SIZE), count, goodBytes: off, problem: 'corrupt' };
    }
    headers.set(raw, count * HEADER_SIZE);
  }
  const goodBytes = whole * RECORD_SIZE;
  return { headers, count, goodBytes, problem: goodBytes === bytes.length ? null : 'torn' };
}
