// The block hash of one 80-byte header, written in place without allocating: sha256d through the
// TypeScript SHA-256 of shared/sha256-small.ts (three compressions; a node:crypto call per header would
// cost more than the hashing itself at this size). Tests check it against node:crypto.
import { sha256dInto } from '../shared/sha256-small.js';

/** Serialized header size (Core: CBlockHeader, 80 bytes). */
const HEADER_BYTES = 80;

/** Writes sha256d(src[off..off+80)) — the block hash, internal order — into out[outOff..outOff+32). */
export function headerHashInto(src: Uint8Array, off: number, out: Uint8Array, outOff: number): void {
  sha256dInto(src, off, HEADER_BYTES, out, outOff);
}
