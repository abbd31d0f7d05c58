// Production randomness: a Random (source/shared/random.ts) backed by node:crypto. 32-bit draws come
// from a buffered randomBytes pool so the engine's many small draws stay cheap.
import { randomBytes } from 'node:crypto';
import { fromU32, type Random } from '../shared/random.js';

/** Size of the refill buffer for 32-bit draws (a tuning choice, not a protocol value). */
const POOL_BYTES = 4096;

/** A cryptographically secure Random. */
export function cryptoRandom(): Random {
  let pool = randomBytes(POOL_BYTES);
  let offset = 0;
  const nextU32 = (): number => {
    if (offset + 4 > pool.length) {
      pool = randomBytes(POOL_BYTES);
      offset = 0;
    }
    const x = pool.readUInt32LE(offset);
    offset += 4;
    return x;
  };
  const base = fromU32(nextU32);
  return {
    ...base,
    // Keys and nonces: fresh bytes straight from the CSPRNG.
    bytes: (length: number): Uint8Array => new Uint8Array(randomBytes(length)),
  };
}
