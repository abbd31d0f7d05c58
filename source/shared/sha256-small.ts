// SHA-256 (FIPS 180-4) in plain TypeScript for short inputs. node:crypto costs about 1.5 µs per call
// whatever the size (the native boundary and a fresh EVP context), while one 64-byte compression here
// costs a fraction of that; Bitcoin hashes many short strings (v1 checksums of small messages, the
// 32-byte second round of every sha256d, 80-byte block headers). hash.ts picks this for short inputs
// and node:crypto for long ones; the header chain hashes every header with sha256dInto. Pure;
// module-level scratch state, so not re-entrant (JS is single-threaded).

/** Round constants (FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes). */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Initial hash value (FIPS 180-4 §5.3.3: fractional parts of the square roots of the first 8 primes). */
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Inputs up to this many bytes are hashed here; longer ones by node:crypto (Canopy: measured crossover). */
export const SMALL_SHA256_MAX_BYTES = 128;

const W = new Int32Array(64);
const H = new Int32Array(8);

/** Loads 16 big-endian words of `bytes` at `at` into W[0..16). */
function loadBlock(bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + 4 * i;
    W[i] = ((bytes[j] as number) << 24) | ((bytes[j + 1] as number) << 16) | ((bytes[j + 2] as number) << 8) | (bytes[j + 3] as number);
  }
}

/** One compression of the block in W[0..16) into H. The rounds run eight per loop pass with the
 * working variables renamed from round to round instead of shifted (FIPS 180-4 §6.2.2 step 3 as
 * written moves seven values per round); Ch and Maj in their two-operation forms. */
function compress(): void {
  const w = W, k = K;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number, y = w[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = H[0] as number, b = H[1] as number, c = H[2] as number, d = H[3] as number;
  let e = H[4] as number, f = H[5] as number, g = H[6] as number, h = H[7] as number;
  let t1 = 0, t2 = 0;
  for (let i = 0; i < 64; i += 8) {
    t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + (k[i] as number) + (w[i] as number)) | 0;
    t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
    d = (d + t1) | 0; h = (t1 + t2) | 0;
    t1 = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + (k[i + 1] as number) + (w[i + 1] as number)) | 0;
    t2 = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0;
    c = (c + t1) | 0; g = (t1 + t2) | 0;
    t1 = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + (k[i + 2] as number) + (w[i + 2] as number)) | 0;
    t2 = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0;
    b = (b + t1) | 0; f = (t1 + t2) | 0;
    t1 = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + (k[i + 3] as number) + (w[i + 3] as number)) | 0;
    t2 = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0;
    a = (a + t1) | 0; e = (t1 + t2) | 0;
    t1 = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + (k[i + 4] as number) + (w[i + 4] as number)) | 0;
    t2 = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0;
    h = (h + t1) | 0; d = (t1 + t2) | 0;
    t1 = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + (k[i + 5] as number) + (w[i + 5] as number)) | 0;
    t2 = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0;
    g = (g + t1) | 0; c = (t1 + t2) | 0;
    t1 = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + (k[i + 6] as number) + (w[i + 6] as number)) | 0;
    t2 = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0;
    f = (f + t1) | 0; b = (t1 + t2) | 0;
    t1 = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + (k[i + 7] as number) + (w[i + 7] as number)) | 0;
    t2 = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0;
    e = (e + t1) | 0; a = (t1 + t2) | 0;
  }
  H[0] = (H[0] as number) + a; H[1] = (H[1] as number) + b; H[2] = (H[2] as number) + c; H[3] = (H[3] as number) + d;
  H[4] = (H[4] as number) + e; H[5] = (H[5] as number) + f; H[6] = (H[6] as number) + g; H[7] = (H[7] as number) + h;
}

/** Sets H to the initial hash value (eight stores: TypedArray.set is a builtin call that costs more). */
function resetH(): void {
  for (let i = 0; i < 8; i++) H[i] = IV[i] as number;
}

/** Hashes bytes[off..off+n) into H (any length; meant for short inputs). The final block(s) are
 * built straight in W (FIPS 180-4 §5.1.1 padding: 0x80, zeros, the length in bits), not in a padded
 * byte copy. */
function hashRegion(bytes: Uint8Array, off: number, n: number): void {
  resetH();
  const whole = n - (n & 63);
  for (let at = 0; at < whole; at += 64) { loadBlock(bytes, off + at); compress(); }
  const rest = n - whole, base = off + whole;
  const w = W;
  for (let i = 0; i < 16; i++) w[i] = 0;
  for (let k = 0; k < rest; k++) w[k >> 2] = (w[k >> 2] as number) | ((bytes[base + k] as number) << (24 - 8 * (k & 3)));
  w[rest >> 2] = (w[rest >> 2] as number) | (0x80 << (24 - 8 * (rest & 3)));
  if (rest >= 56) {
    // No room for the length: it goes in one more block of zeros.
    compress();
    for (let i = 0; i < 16; i++) w[i] = 0;
  }
  const bits = n * 8;
  w[14] = Math.floor(bits / 0x1_0000_0000);
  w[15] = bits | 0;
  compress();
}

/** Hashes `bytes` into H. */
function hashInto(bytes: Uint8Array): void {
  hashRegion(bytes, 0, bytes.length);
}

/** Hashes the 32-byte digest held in H again (the second round of sha256d), without a byte round trip. */
function rehashDigest(): void {
  for (let i = 0; i < 8; i++) W[i] = H[i] as number;
  W[8] = 0x80000000 | 0;
  for (let i = 9; i < 15; i++) W[i] = 0;
  W[15] = 256; // 32 bytes in bits
  resetH();
  compress();
}

/** Writes H as 32 big-endian bytes into `out` at `offset`. */
function writeDigest(out: Uint8Array, offset: number): void {
  for (let i = 0; i < 8; i++) {
    const v = H[i] as number;
    out[offset + 4 * i] = v >>> 24;
    out[offset + 4 * i + 1] = (v >>> 16) & 0xff;
    out[offset + 4 * i + 2] = (v >>> 8) & 0xff;
    out[offset + 4 * i + 3] = v & 0xff;
  }
}

/** SHA-256 of `bytes` (any length; fastest for short inputs). */
export function sha256Small(bytes: Uint8Array): Uint8Array {
  hashInto(bytes);
  const out = new Uint8Array(32);
  writeDigest(out, 0);
  return out;
}

/** sha256d (SHA-256 twice) of `bytes` (any length; fastest for short inputs). */
export function sha256dSmall(bytes: Uint8Array): Uint8Array {
  hashInto(bytes);
  rehashDigest();
  const out = new Uint8Array(32);
  writeDigest(out, 0);
  return out;
}

/** Writes sha256d(src[off..off+length)) into out[outOff..outOff+32) without allocating (e.g. block hashes of 80-byte headers). */
export function sha256dInto(src: Uint8Array, off: number, length: number, out: Uint8Array, outOff: number): void {
  hashRegion(src, off, length);
  rehashDigest();
  writeDigest(out, outOff);
}

/** The first 4 bytes of SHA-256(`bytes`) as a big-endian u32 (e.g. the second round of a checksum whose first ran natively). */
export function sha256FirstWord(bytes: Uint8Array): number {
  hashInto(bytes);
  return (H[0] as number) >>> 0;
}

/** The first 4 bytes of sha256d(bytes[off..off+length)) as a big-endian u32 (the v1 checksum field,
 * read big-endian); the whole array by default. */
export function sha256dFirstWord(bytes: Uint8Array, off = 0, length = bytes.length - off): number {
  hashRegion(bytes, off, length);
  rehashDigest();
  return (H[0] as number) >>> 0;
}
