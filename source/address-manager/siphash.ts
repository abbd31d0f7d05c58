// SipHash-2-4 (Aumasson & Bernstein; Core's CSipHasher) on 32-bit halves, returning the low 32 bits
// of the 64-bit result. A keyed hash an outsider cannot predict, and far cheaper per call than a
// SHA-256 object, so bucketing stays fast. The whole state lives in local variables of one function
// (one loop runs the compression rounds of every block and then the finalization rounds), so V8 keeps
// it in registers. Pure.

/** A SipHash-2-4 key as four little-endian 32-bit words (k0 low, k0 high, k1 low, k1 high). */
export type SipKey = Uint32Array;

/** Builds a SipKey from the first 16 bytes of `bytes`. */
export function sipKey(bytes: Uint8Array): SipKey {
  const k = new Uint32Array(4);
  for (let i = 0; i < 16; i++) k[i >> 2] = ((k[i >> 2] ?? 0) | ((bytes[i] ?? 0) << (8 * (i & 3)))) >>> 0;
  return k;
}

/** Compression rounds per message block: the "2" of SipHash-2-4. */
const C_ROUNDS = 2;
/** Finalization rounds: the "4" of SipHash-2-4. */
const D_ROUNDS = 4;

/** Flips an int32's sign bit, so a signed compare orders the halves as unsigned (for the carries). */
const SIGN_BIT = -0x80000000;

/** High 32 bits of the last result of sipHash24Low (read by sipHash24). */
let lastHigh = 0;

function word(data: Uint8Array, i: number): number {
  return (data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24);
}

/** SipHash-2-4 of data[0..length) under `key`: the low 32 bits of the result. */
export function sipHash24Low(key: SipKey, data: Uint8Array, length: number = data.length): number {
  return sipHash24LowWords((key[0] ?? 0) | 0, (key[1] ?? 0) | 0, (key[2] ?? 0) | 0, (key[3] ?? 0) | 0, data, length);
}

/** sipHash24Low with the key given as its four words (signed int32, in SipKey order): a caller that
 * keeps them in its own fields reads no key array. */
export function sipHash24LowWords(k0l: number, k0h: number, k1l: number, k1h: number, data: Uint8Array, length: number): number {
  // Halves are kept as signed int32 (`| 0`): V8 then holds them in integer registers, where unsigned
  // values above 2^31 would become doubles. Carries compare the halves with their sign bits flipped.
  // Initial state: the key XOR "somepseudorandomlygeneratedbytes" (the paper's constants).
  let v0l = k0l ^ 0x70736575, v0h = k0h ^ 0x736f6d65;
  let v1l = k1l ^ 0x6e646f6d, v1h = k1h ^ 0x646f7261;
  let v2l = k0l ^ 0x6e657261, v2h = k0h ^ 0x6c796765;
  let v3l = k1l ^ 0x79746573, v3h = k1h ^ 0x74656462;
  const whole = length - (length & 7);
  let i = 0;
  let lastBlockDone = false;
  for (;;) {
    let ml = 0, mh = 0, rounds = C_ROUNDS;
    if (i < whole) {
      ml = word(data, i); mh = word(data, i + 4); i += 8;
    } else if (!lastBlockDone) {
      // The last block: the remaining bytes, with the length (mod 256) in the top byte.
      mh = (length & 0xff) << 24;
      for (let j = whole; j < length; j++) {
        const k = j - whole, byte = data[j] ?? 0;
        if (k < 4) ml |= byte << (8 * k);
        else mh |= byte << (8 * (k - 4));
      }
      lastBlockDone = true;
    } else {
      v2l ^= 0xff;
      rounds = D_ROUNDS;
    }
    v3l ^= ml; v3h ^= mh;
    for (let r = 0; r < rounds; r++) {
      let lo: number, t: number;
      // v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
      lo = (v0l + v1l) | 0; v0h = (v0h + v1h + ((lo ^ SIGN_BIT) < (v0l ^ SIGN_BIT) ? 1 : 0)) | 0; v0l = lo;
      t = v1h; v1h = (v1h << 13) | (v1l >>> 19); v1l = (v1l << 13) | (t >>> 19);
      v1l ^= v0l; v1h ^= v0h;
      t = v0l; v0l = v0h; v0h = t;
      // v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
      lo = (v2l + v3l) | 0; v2h = (v2h + v3h + ((lo ^ SIGN_BIT) < (v2l ^ SIGN_BIT) ? 1 : 0)) | 0; v2l = lo;
      t = v3h; v3h = (v3h << 16) | (v3l >>> 16); v3l = (v3l << 16) | (t >>> 16);
      v3l ^= v2l; v3h ^= v2h;
      // v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
      lo = (v0l + v3l) | 0; v0h = (v0h + v3h + ((lo ^ SIGN_BIT) < (v0l ^ SIGN_BIT) ? 1 : 0)) | 0; v0l = lo;
      t = v3h; v3h = (v3h << 21) | (v3l >>> 11); v3l = (v3l << 21) | (t >>> 11);
      v3l ^= v0l; v3h ^= v0h;
      // v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
      lo = (v2l + v1l) | 0; v2h = (v2h + v1h + ((lo ^ SIGN_BIT) < (v2l ^ SIGN_BIT) ? 1 : 0)) | 0; v2l = lo;
      t = v1h; v1h = (v1h << 17) | (v1l >>> 15); v1l = (v1l << 17) | (t >>> 15);
      v1l ^= v2l; v1h ^= v2h;
      t = v2l; v2l = v2h; v2h = t;
    }
    if (rounds === D_ROUNDS) break;
    v0l ^= ml; v0h ^= mh;
  }
  lastHigh = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  return (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
}

/** SipHash-2-4 of data[0..length) under `key`: [low 32 bits, high 32 bits] of the result. */
export function sipHash24(key: SipKey, data: Uint8Array, length: number = data.length): [number, number] {
  const low = sipHash24Low(key, data, length);
  return [low, lastHigh];
}
