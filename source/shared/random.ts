// Randomness as an injected interface, so the engine is deterministic under test.
// Production passes a crypto-backed implementation (source/io/crypto-random.ts); tests and the
// simulator pass `seededRandom(seed)`.

/** A source of randomness. Implementations for keys and nonces must be cryptographically secure. */
export interface Random {
  /** A uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** A uniform float in [0, 1). */
  nextFloat(): number;
  /** A uniform integer in [0, maxExclusive); maxExclusive ≥ 1 and ≤ 2^32. */
  nextInt(maxExclusive: number): number;
  /** `length` uniform random bytes. */
  bytes(length: number): Uint8Array;
}

/** A deterministic Random (xoshiro128**, seeded through splitmix32): for tests and the simulator only. */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return fromU32(nextU32);
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Builds the full Random interface from a 32-bit generator. */
export function fromU32(nextU32: () => number): Random {
  const nextFloat = (): number => nextU32() / 0x1_0000_0000;
  return {
    nextU32,
    nextFloat,
    nextInt(maxExclusive: number): number {
      if (!(maxExclusive >= 1)) throw new RangeError(`nextInt: bad bound ${maxExclusive}`);
      // Rejection sampling keeps the result unbiased.
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % maxExclusive);
      for (;;) {
        const x = nextU32();
        if (x < limit) return x % maxExclusive;
      }
    },
    bytes(length: number): Uint8Array {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 4) {
        const x = nextU32();
        for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (x >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
}
