// Allocation-free double SHA-256 of one 80-byte block header (FIPS 180-4 SHA-256, three compression
// rounds: two for the padded 80-byte message, one for the padded 32-byte first digest). The chain
// hashes every header it sees, and a per-call node:crypto Hash object costs more than the hashing
// itself at this size; tests check this function against node:crypto on random input.

/** The first `count` primes. */
function primes(count: number): number[] {
  const out: number[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
}
/** First 32 bits of the fractional part of x (FIPS 180-4 §4.2.2 / §5.3.3 constant definitions). */
function frac32(x: number): number {
  return Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;
}
/** SHA-256 round constants: cube roots of the first 64 primes. */
const K = Int32Array.from(primes(64).map((p) => frac32(Math.cbrt(p)) | 0));
/** SHA-256 initial hash value: square roots of the first 8 primes. */
const IV = Int32Array.from(primes(8).map((p) => frac32(Math.sqrt(p)) | 0));

const W = new Int32Array(64);
const H = new Int32Array(8);

function compress(): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0; H[1] = (H[1]! + b) | 0; H[2] = (H[2]! + c) | 0; H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0; H[5] = (H[5]! + f) | 0; H[6] = (H[6]! + g) | 0; H[7] = (H[7]! + h) | 0;
}

function be32(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

/** Writes sha256d(src[off..off+80)) — the block hash, internal order — into out[outOff..outOff+32). */
export function headerHashInto(src: Uint8Array, off: number, out: Uint8Array, outOff: number): void {
  H.set(IV);
  for (let t = 0; t < 16; t++) W[t] = be32(src, off + t * 4);
  compress();
  for (let t = 0; t < 4; t++) W[t] = be32(src, off + 64 + t * 4);
  W[4] = 0x80000000 | 0;
  for (let t = 5; t < 15; t++) W[t] = 0;
  W[15] = 640; // message length in bits
  compress();
  for (let t = 0; t < 8; t++) W[t] = H[t]!;
  W[8] = 0x80000000 | 0;
  for (let t = 9; t < 15; t++) W[t] = 0;
  W[15] = 256;
  H.set(IV);
  compress();
  for (let t = 0; t < 8; t++) {
    const v = H[t]!;
    const o = outOff + t * 4;
    out[o] = v >>> 24; out[o + 1] = (v >>> 16) & 0xff; out[o + 2] = (v >>> 8) & 0xff; out[o + 3] = v & 0xff;
  }
}
