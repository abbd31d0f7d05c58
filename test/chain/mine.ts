// Test helper: mines regtest headers cheaply (regtest powLimit 0x207fffff accepts about one hash
// in two), as raw 80-byte headers, on top of a parent hash.
import { headerHashInto } from '../../source/chain/header-hash.js';
import { hashMeetsTarget, targetToLE, compactToTarget } from '../../source/chain/bits.js';

/** Regtest compact powLimit (Core: CRegTestParams powLimit 7fff…). */
export const REGTEST_BITS = 0x207fffff;
const TARGET_LE = targetToLE(compactToTarget(REGTEST_BITS).target);

/** One mined header: its 80 bytes and hash. */
export interface Mined {
  readonly raw: Uint8Array;
  readonly hash: Uint8Array;
}

/** Writes a header into out[off..] and grinds its nonce until it meets `bits`; its hash goes to hashOut[hashOff..]. */
export function mineInto(out: Uint8Array, off: number, prevHash: Uint8Array, prevOff: number, time: number, salt: number,
  hashOut: Uint8Array, hashOff: number, bits = REGTEST_BITS, version = 0x20000000): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  dv.setInt32(off, version, true);
  out.set(prevHash.subarray(prevOff, prevOff + 32), off + 4);
  for (let k = 0; k < 32; k++) out[off + 36 + k] = (salt * 31 + k * 17) & 0xff; // stand-in merkle root
  dv.setUint32(off + 36, salt >>> 0, true);
  dv.setUint32(off + 68, time >>> 0, true);
  dv.setUint32(off + 72, bits >>> 0, true);
  const target = bits === REGTEST_BITS ? TARGET_LE : targetToLE(compactToTarget(bits).target);
  for (let nonce = 0; ; nonce++) {
    dv.setUint32(off + 76, nonce >>> 0, true);
    headerHashInto(out, off, hashOut, hashOff);
    if (hashMeetsTarget(hashOut, hashOff, target)) return;
  }
}

/** Mines `count` regtest headers on top of `prevHash`, `spacingS` apart (default 10 minutes) from `startTime`. */
export function mineChain(prevHash: Uint8Array, count: number, startTime: number, salt = 0, spacingS = 600): { raw: Uint8Array; hashes: Uint8Array } {
  const raw = new Uint8Array(count * 80);
  const hashes = new Uint8Array(count * 32);
  for (let i = 0; i < count; i++) {
    if (i === 0) mineInto(raw, 0, prevHash, 0, startTime, salt, hashes, 0);
    else mineInto(raw, i * 80, hashes, (i - 1) * 32, startTime + i * spacingS, salt + i, hashes, i * 32);
  }
  return { raw, hashes };
}

/** The i-th 80-byte header of a concatenation. */
export function nth(raw: Uint8Array, i: number): Uint8Array {
  return raw.slice(i * 80, i * 80 + 80);
}
