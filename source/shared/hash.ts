// Hash functions used by the protocol: SHA-256 and Bitcoin's double SHA-256 (pure; node:crypto for
// long inputs, sha256-small.ts for short ones).
import { hash } from 'node:crypto';
import { SMALL_SHA256_MAX_BYTES, sha256dSmall, sha256Small } from './sha256-small.js';

/** SHA-256 of `data` (short inputs in TypeScript, where a native call would cost more than the hashing). */
export function sha256(data: Uint8Array): Uint8Array {
  return data.length <= SMALL_SHA256_MAX_BYTES ? sha256Small(data) : new Uint8Array(hash('sha256', data, 'buffer'));
}

/** Bitcoin's hash256: SHA-256 applied twice (short inputs such as 80-byte headers, and every 32-byte second round, in TypeScript). */
export function sha256d(data: Uint8Array): Uint8Array {
  return data.length <= SMALL_SHA256_MAX_BYTES ? sha256dSmall(data) : sha256Small(hash('sha256', data, 'buffer'));
}

/** A 32-byte hash in Bitcoin's display order (byte-reversed hex), as block explorers show it. */
export function hashToDisplayHex(hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex');
}

/** Parses a display-order (byte-reversed) hex hash into internal byte order. */
export function displayHexToHash(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex').reverse());
}
