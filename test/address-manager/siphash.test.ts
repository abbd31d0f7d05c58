// SipHash-2-4 against the reference vectors of the SipHash paper (key 00..0f, message 00..n-1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sipHash24, sipHash24Low, sipKey } from '../../source/address-manager/siphash.js';

test('SipHash-2-4 reference vectors', () => {
  const key = sipKey(Uint8Array.from({ length: 16 }, (_, i) => i));
  const hex = (n: number): string => {
    const [lo, hi] = sipHash24(key, Uint8Array.from({ length: n }, (_, i) => i));
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  };
  // vectors.h lists the output bytes little-endian: 31 0e 0e dd 47 db 6f 72 = 0x726fdb47dd0e0e31.
  assert.equal(hex(0), '726fdb47dd0e0e31');
  assert.equal(hex(1), '74f839c593dc67fd');
  assert.equal(hex(7), 'ab0200f58b01d137');
  assert.equal(hex(8), '93f5f5799a932462');
  assert.equal(hex(15), 'a129ca6149be45e5');
});

/** A plain 64-bit BigInt SipHash-2-4, written straight from the paper, as a second opinion. */
function referenceSipHash(key: Uint8Array, data: Uint8Array): bigint {
  const M = (1n << 64n) - 1n;
  const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & M;
  const le = (b: Uint8Array, at: number, n: number): bigint => {
    let x = 0n;
    for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[at + i] ?? 0);
    return x;
  };
  const k0 = le(key, 0, 8), k1 = le(key, 8, 8);
  let v0 = k0 ^ 0x736f6d6570736575n, v1 = k1 ^ 0x646f72616e646f6dn, v2 = k0 ^ 0x6c7967656e657261n, v3 = k1 ^ 0x7465646279746573n;
  const round = (): void => {
    v0 = (v0 + v1) & M; v1 = rotl(v1, 13n) ^ v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & M; v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & M; v1 = rotl(v1, 17n) ^ v2; v2 = rotl(v2, 32n);
  };
  const whole = data.length - (data.length % 8);
  const blocks: bigint[] = [];
  for (let i = 0; i < whole; i += 8) blocks.push(le(data, i, 8));
  blocks.push(le(data, whole, data.length - whole) | (BigInt(data.length & 0xff) << 56n));
  for (const m of blocks) { v3 ^= m; round(); round(); v0 ^= m; }
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return v0 ^ v1 ^ v2 ^ v3;
}

test('SipHash-2-4 matches a BigInt reference for every length 0..80 and assorted keys', () => {
  let seed = 7;
  const byte = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  for (let k = 0; k < 8; k++) {
    const keyBytes = Uint8Array.from({ length: 16 }, byte);
    const key = sipKey(keyBytes);
    for (let n = 0; n <= 80; n++) {
      const data = Uint8Array.from({ length: n + 3 }, byte);
      const want = referenceSipHash(keyBytes, data.subarray(0, n));
      const [lo, hi] = sipHash24(key, data, n); // a length shorter than the buffer, as bucketing passes
      assert.equal((BigInt(hi) << 32n) | BigInt(lo), want, `key ${k}, length ${n}`);
      assert.equal(sipHash24Low(key, data, n), lo);
    }
  }
});
