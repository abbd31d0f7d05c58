// ElligatorSwift for secp256k1 (BIP324 "ellswift"): a public key's x coordinate written as 64 bytes
// (u, t) that look uniformly random, and the x-only ECDH on such encodings.
//
//   encode:  x ──► pick random u and a case 0..7 ──► t = XSwiftECInv(x, u, case) (retry on none) ──► u‖t
//   decode:  u‖t ──► u, t mod p ──► XSwiftEC(u, t): the first of three candidates that is on the curve
//   ECDH:    decode theirs ──► lift x ──► our scalar × point ──► x (32 bytes)
//
// The maps are the ones BIP324 specifies (written fresh from the formulas); field and point arithmetic
// come from @noble/curves. The same operations run for every input of a given case (no secret-
// dependent shortcuts beyond what bigint arithmetic itself does); the keys are ephemeral, one per
// connection, so this is not a long-term-key side channel.
import { secp256k1 } from '@noble/curves/secp256k1';
import type { Random } from '../../shared/random.js';

const Fp = secp256k1.CURVE.Fp;
const P = Fp.ORDER;
/** Curve constant b of y² = x³ + 7. */
const B = 7n;
/** (p + 1) / 4: square roots by exponentiation, since p ≡ 3 (mod 4). */
const SQRT_EXPONENT = (P + 1n) / 4n;
/** (p − 1) / 2: Euler's criterion for squares. */
const LEGENDRE_EXPONENT = (P - 1n) / 2n;

/** Square root of `a`, or null when `a` is not a square. */
function sqrt(a: bigint): bigint | null {
  const r = Fp.pow(a, SQRT_EXPONENT);
  return Fp.eql(Fp.sqr(r), a) ? r : null;
}

/** True when `a` is a square in the field (zero counts). */
function isSquare(a: bigint): boolean {
  return Fp.is0(a) || Fp.eql(Fp.pow(a, LEGENDRE_EXPONENT), Fp.ONE);
}

/** True when some curve point has x coordinate `x` (x³ + 7 is a square). */
export function isValidX(x: bigint): boolean {
  return isSquare(Fp.add(Fp.mul(Fp.sqr(x), x), B));
}

/** √−3 as the BIP computes it: (−3)^((p+1)/4). The sign matters — it fixes the candidate order. */
const SQRT_MINUS_3 = Fp.pow(Fp.neg(3n), SQRT_EXPONENT);
/** (√−3 − 1) / 2, the constant of the inverse map. */
const INV_CONSTANT = Fp.div(Fp.sub(SQRT_MINUS_3, 1n), 2n);

/** XSwiftEC: the x coordinate a pair of field elements (u, t) encodes (every pair encodes one). */
export function xswiftec(uIn: bigint, tIn: bigint): bigint {
  const u = Fp.is0(uIn) ? Fp.ONE : uIn;
  let t = Fp.is0(tIn) ? Fp.ONE : tIn;
  const u3b = Fp.add(Fp.mul(Fp.sqr(u), u), B);
  if (Fp.is0(Fp.add(u3b, Fp.sqr(t)))) t = Fp.add(t, t);
  const X = Fp.div(Fp.sub(u3b, Fp.sqr(t)), Fp.add(t, t));
  const Y = Fp.div(Fp.add(X, t), Fp.mul(SQRT_MINUS_3, u));
  const xOverY = Fp.div(X, Y);
  const candidates = [
    Fp.add(u, Fp.mul(4n, Fp.sqr(Y))),
    Fp.div(Fp.sub(Fp.neg(xOverY), u), 2n),
    Fp.div(Fp.sub(xOverY, u), 2n),
  ];
  // Evaluate every candidate (same work whichever is chosen), then take the first valid one.
  const valid = candidates.map(isValidX);
  for (let i = 0; i < 3; i++) if (valid[i] === true) return candidates[i] as bigint;
  // Unreachable: the BIP proves one of the three is always on the curve.
  throw new Error('xswiftec: no candidate on the curve');
}

/** XSwiftECInv: a t with xswiftec(u, t) = x for the given case (0..7), or null when that case has none. */
export function xswiftecInv(x: bigint, u: bigint, branch: number): bigint | null {
  const u2 = Fp.sqr(u);
  const u3b = Fp.add(Fp.mul(u2, u), B);
  let s: bigint;
  let v: bigint;
  if ((branch & 2) === 0) {
    const other = Fp.sub(Fp.neg(x), u);
    if (isValidX(other)) return null;
    v = (branch & 1) === 0 ? x : other;
    s = Fp.div(Fp.neg(u3b), Fp.add(Fp.add(u2, Fp.mul(u, v)), Fp.sqr(v)));
  } else {
    s = Fp.sub(x, u);
    if (Fp.is0(s)) return null;
    let r = sqrt(Fp.neg(Fp.mul(s, Fp.add(Fp.mul(4n, u3b), Fp.mul(Fp.mul(3n, s), u2)))));
    if (r === null) return null;
    if ((branch & 1) !== 0) {
      if (Fp.is0(r)) return null;
      r = Fp.neg(r);
    }
    v = Fp.div(Fp.add(Fp.neg(u), Fp.div(r, s)), 2n);
  }
  let w = sqrt(s);
  if (w === null) return null;
  if ((branch & 4) !== 0) w = Fp.neg(w);
  return Fp.mul(w, Fp.sub(Fp.mul(u, INV_CONSTANT), v));
}

/** 32 big-endian bytes of a field element or scalar. */
function toBytes32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The big-endian integer in `bytes`. */
function fromBytes(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** A uniformly random non-zero field element from `random`. */
function randomFieldElement(random: Random): bigint {
  for (;;) {
    const v = fromBytes(random.bytes(32));
    if (v !== 0n && v < P) return v;
  }
}

/** Encodes an x coordinate on the curve as 64 uniform-looking bytes (u‖t). */
export function ellswiftEncode(x: bigint, random: Random): Uint8Array {
  for (;;) {
    const u = randomFieldElement(random);
    const t = xswiftecInv(x, u, random.nextInt(8));
    if (t !== null) {
      const out = new Uint8Array(64);
      out.set(toBytes32(u), 0);
      out.set(toBytes32(t), 32);
      return out;
    }
  }
}

/** Decodes 64 ellswift bytes to the x coordinate they encode (u and t are taken mod p, as the BIP says). */
export function ellswiftDecode(encoding: Uint8Array): bigint {
  if (encoding.length !== 64) throw new RangeError('ellswift encoding must be 64 bytes');
  return xswiftec(Fp.create(fromBytes(encoding.subarray(0, 32))), Fp.create(fromBytes(encoding.subarray(32, 64))));
}

/** An ephemeral BIP324 key pair: the secret scalar and the public key's ellswift encoding. */
export interface EllswiftKeyPair {
  readonly privateKey: Uint8Array;
  readonly ellswift: Uint8Array;
}

/** A valid secret scalar (1 ≤ k < n) from `random`. */
function randomPrivateKey(random: Random): Uint8Array {
  const n = secp256k1.CURVE.n;
  for (;;) {
    const k = random.bytes(32);
    const v = fromBytes(k);
    if (v !== 0n && v < n) return k;
  }
}

/** The x coordinate of k·G. */
export function publicX(privateKey: Uint8Array): bigint {
  return fromBytes(secp256k1.getPublicKey(privateKey, true).subarray(1));
}

/** Generates a key pair for one handshake. */
export function ellswiftCreate(random: Random): EllswiftKeyPair {
  const privateKey = randomPrivateKey(random);
  return { privateKey, ellswift: ellswiftEncode(publicX(privateKey), random) };
}

/** ellswift_ecdh_xonly: the 32-byte x coordinate of our scalar times the point their encoding names. */
export function ellswiftEcdhXonly(theirEllswift: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const x = ellswiftDecode(theirEllswift);
  // x is on the curve, so 02‖x is a valid compressed point; the x of k·P is the same for P and −P.
  const point = new Uint8Array(33);
  point[0] = 2;
  point.set(toBytes32(x), 1);
  return secp256k1.getSharedSecret(privateKey, point, true).subarray(1);
}
