// Compact targets ("nBits") ↔ 256-bit targets, and the work a target represents, following Core's
// arith_uint256 SetCompact/GetCompact and GetBlockProof. Also the little-endian byte form of a
// target, so a block hash (internal order = little-endian number) is compared without bigints.

/** A decoded compact target with Core's negative/overflow flags. */
export interface DecodedBits {
  readonly target: bigint;
  readonly negative: boolean;
  readonly overflow: boolean;
}

/** Decodes nBits (Core: arith_uint256::SetCompact). */
export function compactToTarget(bits: number): DecodedBits {
  const size = bits >>> 24;
  const word = bits & 0x007fffff;
  let target: bigint;
  if (size <= 3) target = BigInt(word >>> (8 * (3 - size)));
  else target = BigInt(word) << BigInt(8 * (size - 3));
  const negative = word !== 0 && (bits & 0x00800000) !== 0;
  const overflow = word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target: overflow ? 0n : target, negative, overflow };
}

/** Encodes a non-negative target as nBits (Core: arith_uint256::GetCompact). */
export function targetToCompact(target: bigint): number {
  if (target < 0n) throw new RangeError('target must be non-negative');
  let size = target === 0n ? 0 : Math.ceil(target.toString(16).length / 2);
  let compact: number;
  if (size <= 3) compact = Number(target) * 2 ** (8 * (3 - size));
  else compact = Number(target >> BigInt(8 * (size - 3)));
  if (compact & 0x00800000) {
    compact = Math.floor(compact / 256);
    size++;
  }
  return (compact | (size << 24)) >>> 0;
}

/** Work of one header with this target: 2^256 / (target + 1) (Core: GetBlockProof). */
export function workFromTarget(target: bigint): bigint {
  return (1n << 256n) / (target + 1n);
}

/** The target as 32 little-endian bytes (the byte order of a block hash as computed). */
export function targetToLE(target: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let t = target;
  for (let i = 0; i < 32 && t > 0n; i++) {
    out[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out;
}

/** True when the little-endian 256-bit hash at `hash[offset..offset+32)` is ≤ the little-endian target. */
export function hashMeetsTarget(hash: Uint8Array, offset: number, targetLE: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const h = hash[offset + i] ?? 0;
    const t = targetLE[i] ?? 0;
    if (h !== t) return h < t;
  }
  return true;
}

/** A 32-byte hash (internal order) as the number it encodes (little-endian). */
export function hashToBigInt(hash: Uint8Array): bigint {
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(hash[i] ?? 0);
  return v;
}
