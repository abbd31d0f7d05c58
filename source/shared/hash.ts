// Hash functions used by the protocol: SHA-256 and Bitcoin's double SHA-256 (node:crypto, pure).
import { hash } from 'node:crypto';

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

/** Bitcoin's hash256: SHA-256 applied twice. */
export function sha256d(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', hash('sha256', data, 'buffer'), 'buffer'));
}

/** A 32-byte hash in Bitcoin's display order (byte-reversed hex), as block explorers show it. */
export function hashToDisplayHex(hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex');
}

/** Parses a display-order (byte-reversed) hex hash into internal byte order. */
export function displayHexToHash(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex').reverse());
}
