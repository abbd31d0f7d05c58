// SipHash-2-4 (Aumasson & Bernstein; Core's CSipHasher) on 32-bit halves, returning the low 32 bits
// of the 64-bit result. A keyed hash an outsider cannot predict, and far cheaper per call than a
// SHA-256 object, so bucketing stays fast. Pure.

/** A SipHash-2-4 key as four little-endian 32-bit words (k0 low, k0 high, k1 low, k1 high). */
export type SipKey = Uint32Array;

/** Builds a SipKey from the first 16 bytes of `bytes`. */
export function sipKey(bytes: Uint8Array): SipKey {
  const k = new Uint32Array(4);
  for (let i = 0; i < 16; i++) k[i >> 2] = ((k[i >> 2] ?? 0) | ((bytes[i] ?? 0) << (8 * (i & 3)))) >>> 0;
  return k;
}

/** Working state v0..v3 as [low, high] pairs (module-level, so rounds run without closures). */
const V = new Uint32Array(8);

/** One SipRound on V (64-bit adds and rotations on 32-bit halves). */
function sipRound(): void {
  let v0l = V[0] ?? 0, v0h = V[1] ?? 0, v1l = V[2] ?? 0, v1h = V[3] ?? 0;
  let v2l = V[4] ?? 0, v2h = V[5] ?? 0, v3l = V[6] ?? 0, v3h = V[7] ?? 0;
  let lo: number, t: number;
  // v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
  lo = (v0l + v1l) >>> 0; v0h = (v0h + v1h + (lo < v0l ? 1 : 0)) >>> 0; v0l = lo;
  t = v1h; v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0; v1l = ((v1l << 13) | (t >>> 19)) >>> 0;
  v1l ^= v0l; v1h ^= v0h;
  t = v0l; v0l = v0h; v0h = t;
  // v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
  lo = (v2l + v3l) >>> 0; v2h = (v2h + v3h + (lo < v2l ? 1 : 0)) >>> 0; v2l = lo;
  t = v3h; v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0; v3l = ((v3l << 16) | (t >>> 16)) >>> 0;
  v3l ^= v2l; v3h ^= v2h;
  // v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
  lo = (v0l + v3l) >>> 0; v0h = (v0h + v3h + (lo < v0l ? 1 : 0)) >>> 0; v0l = lo;
  t = v3h; v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0; v3l = ((v3l << 21) | (t >>> 11)) >>> 0;
  v3l ^= v0l; v3h ^= v0h;
  // v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
  lo = (v2l + v1l) >>> 0; v2h = (v2h + v1h + (lo < v2l ? 1 : 0)) >>> 0; v2l = lo;
  t = v1h; v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0; v1l = ((v1l << 17) | (t >>> 15)) >>> 0;
  v1l ^= v2l; v1h ^= v2h;
  t = v2l; v2l = v2h; v2h = t;
  V[0] = v0l; V[1] = v0h; V[2] = v1l; V[3] = v1h; V[4] = v2l; V[5] = v2h; V[6] = v3l; V[7] = v3h;
}

function word(data: Uint8Array, i: number): number {
  return ((data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24)) >>> 0;
}

function compress(ml: number, mh: number): void {
  V[6] = (V[6] ?? 0) ^ ml; V[7] = (V[7] ?? 0) ^ mh;
  sipRound(); sipRound();
  V[0] = (V[0] ?? 0) ^ ml; V[1] = (V[1] ?? 0) ^ mh;
}

/** SipHash-2-4 of data[0..length) under `key`: the low 32 bits of the result. */
export function sipHash24Low(key: SipKey, data: Uint8Array, length: number = data.length): number {
  const k0l = key[0] ?? 0, k0h = key[1] ?? 0, k1l = key[2] ?? 0, k1h = key[3] ?? 0;
  V[0] = k0l ^ 0x70736575; V[1] = k0h ^ 0x736f6d65; V[2] = k1l ^ 0x6e646f6d; V[3] = k1h ^ 0x646f7261;
  V[4] = k0l ^ 0x6e657261; V[5] = k0h ^ 0x6c796765; V[6] = k1l ^ 0x79746573; V[7] = k1h ^ 0x74656462;
  const whole = length - (length & 7);
  for (let i = 0; i < whole; i += 8) compress(word(data, i), word(data, i + 4));
  let bl = 0, bh = ((length & 0xff) << 24) >>> 0;
  for (let i = whole; i < length; i++) {
    const j = i - whole;
    const byte = data[i] ?? 0;
    if (j < 4) bl = (bl | (byte << (8 * j))) >>> 0;
    else bh = (bh | (byte << (8 * (j - 4)))) >>> 0;
  }
  compress(bl, bh);
  V[4] = (V[4] ?? 0) ^ 0xff;
  sipRound(); sipRound(); sipRound(); sipRound();
  return ((V[0] ?? 0) ^ (V[2] ?? 0) ^ (V[4] ?? 0) ^ (V[6] ?? 0)) >>> 0;
}

/** SipHash-2-4 of data[0..length) under `key`: [low 32 bits, high 32 bits] of the result. */
export function sipHash24(key: SipKey, data: Uint8Array, length: number = data.length): [number, number] {
  const low = sipHash24Low(key, data, length);
  return [low, ((V[1] ?? 0) ^ (V[3] ?? 0) ^ (V[5] ?? 0) ^ (V[7] ?? 0)) >>> 0];
}
