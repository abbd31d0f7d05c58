// The 80-byte block header: encoding, decoding and the block hash (double SHA-256 of the 80 bytes).
import { ByteReader, ByteWriter } from '../shared/bytes.js';
import { DecodeError, fail, ok, type DecodeResult } from '../shared/errors.js';
import { hashToDisplayHex, sha256d } from '../shared/hash.js';
import type { BlockHeader } from './types.js';

/** Serialized size of a block header (Core: CBlockHeader, 4+32+32+4+4+4). */
export const BLOCK_HEADER_SIZE = 80;

/** Writes a header's 80 bytes into `w`. */
export function writeBlockHeader(w: ByteWriter, h: BlockHeader): ByteWriter {
  if (h.prevHash.length !== 32 || h.merkleRoot.length !== 32) throw new RangeError('block header hashes must be 32 bytes');
  return w.i32le(h.version).bytes(h.prevHash).bytes(h.merkleRoot).u32le(h.time).u32le(h.bits).u32le(h.nonce);
}

/** Reads one 80-byte header from `r` (throws DecodeError on truncation; callers catch). */
export function readBlockHeader(r: ByteReader): BlockHeader {
  return {
    version: r.i32le(),
    prevHash: r.bytesN(32),
    merkleRoot: r.bytesN(32),
    time: r.u32le(),
    bits: r.u32le(),
    nonce: r.u32le(),
  };
}

/** The 80 serialized bytes of a header. */
export function encodeBlockHeader(h: BlockHeader): Uint8Array {
  return writeBlockHeader(new ByteWriter(BLOCK_HEADER_SIZE), h).finish();
}

/** Decodes exactly 80 bytes into a header. */
export function decodeBlockHeader(bytes: Uint8Array): DecodeResult<BlockHeader> {
  if (bytes.length !== BLOCK_HEADER_SIZE) return fail('invalid', `block header must be ${BLOCK_HEADER_SIZE} bytes, got ${bytes.length}`);
  try {
    return ok(readBlockHeader(new ByteReader(bytes)));
  } catch (err) {
    if (err instanceof DecodeError) return { ok: false, error: err };
    throw err;
  }
}

/** The block hash in internal byte order: sha256d of the 80-byte header. */
export function blockHash(h: BlockHeader): Uint8Array {
  return sha256d(encodeBlockHeader(h));
}

/** The block hash as display-order hex (as RPC and explorers show it). */
export function blockHashHex(h: BlockHeader): string {
  return hashToDisplayHex(blockHash(h));
}
