// BIP324 costs beside their raw primitives, measured in the same run:
// - packet throughput: send (encrypt) + receive (decrypt) of 1 KiB and 64 KiB messages through two
//   handshaken v2 transports, beside node:crypto chacha20-poly1305 encrypting and decrypting the same
//   bytes (goal: ratio ≥ 0.7);
// - handshake: key generation + ElligatorSwift encoding + x-only ECDH + key derivation of one side,
//   beside one plain secp256k1 ECDH with @noble/curves (goal: ≤ 3× the ECDH, i.e. ratio ≥ 0.33).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { seededRandom } from '../source/shared/random.js';
import { createV2Transport, type V2Transport } from '../source/transport/v2.js';
import { ellswiftCreate } from '../source/transport/bip324/ellswift.js';
import { deriveSessionKeys, v2SharedSecret } from '../source/transport/bip324/cipher.js';
import type { BenchResult } from './types.js';

const MAGIC = new Uint8Array([0xfa, 0xbf, 0xb5, 0xda]);
const ROUND_MS = 150;
const ROUNDS = 9;

/** Calls per second of `fn` over one timed round. */
function rate(fn: () => void, batch: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

/** Ours and the baseline in alternating rounds; the round with the median ratio (ours/baseline). */
function sideBySide(ours: () => void, baseline: () => void, batch: number): { ours: number; baseline: number } {
  for (let i = 0; i < 20; i++) { ours(); baseline(); }
  const rounds: { ours: number; baseline: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push({ ours: rate(ours, batch), baseline: rate(baseline, batch) });
  rounds.sort((a, b) => a.ours / a.baseline - b.ours / b.baseline);
  return rounds[Math.floor(rounds.length / 2)] ?? { ours: 0, baseline: 1 };
}

/** Two transports with a finished handshake. */
function connectedPair(): { a: V2Transport; b: V2Transport } {
  const random = seededRandom(324);
  const a = createV2Transport({ magic: MAGIC }, random);
  const b = createV2Transport({ magic: MAGIC }, random, { role: 'responder' });
  const fromB = b.receive(a.start()).toSend;
  const fromA = fromB.flatMap((x) => [...a.receive(x).toSend]);
  for (const x of fromA) b.receive(x);
  if (!a.isReady() || !b.isReady()) throw new Error('bench handshake failed');
  return { a, b };
}

/** Runs the BIP324 benchmark. */
export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const key = randomBytes(32);
  const nonce = Buffer.alloc(12);
  let sink = 0;
  for (const [label, size] of [['1 KiB', 1024], ['64 KiB', 65536]] as const) {
    const { a, b } = connectedPair();
    const payload = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
    const message = { command: 'block', payload };
    const r = sideBySide(() => {
      sink += b.receive(a.send(message)).messages.length;
    }, () => {
      nonce.writeUInt32LE(sink & 0xffff, 0);
      const enc = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      const sealed = Buffer.concat([enc.update(payload), enc.final()]);
      const tag = enc.getAuthTag();
      const dec = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      dec.setAuthTag(tag);
      const opened = dec.update(sealed);
      dec.final();
      sink += opened.length > 0 ? 1 : 0;
    }, size > 4096 ? 5 : 50);
    results.push({
      name: `v2 encrypt+decrypt ${label}`, value: (r.ours * size) / 1e6, unit: 'MB/s',
      baseline: 'node:crypto chacha20-poly1305 encrypt+decrypt', baselineValue: (r.baseline * size) / 1e6,
      ratio: r.ours / r.baseline, goal: '≥ 0.7',
    });
  }

  const random = seededRandom(1);
  const peer = ellswiftCreate(random);
  const plainPeer = secp256k1.getPublicKey(secp256k1.utils.randomPrivateKey(), true);
  const plainKey = secp256k1.utils.randomPrivateKey();
  const h = sideBySide(() => {
    const ours = ellswiftCreate(random);
    sink += deriveSessionKeys(v2SharedSecret(ours.privateKey, peer.ellswift, ours.ellswift, true), MAGIC).sessionId[0] ?? 0;
  }, () => {
    sink += secp256k1.getSharedSecret(plainKey, plainPeer, true)[1] ?? 0;
  }, 2);
  results.push({
    name: 'v2 handshake (keygen + ellswift encode + ECDH + HKDF)', value: 1e6 / h.ours, unit: 'µs',
    baseline: 'one secp256k1 ECDH (@noble/curves)', baselineValue: 1e6 / h.baseline,
    ratio: h.ours / h.baseline, goal: '≥ 0.33 (≤ 3× one ECDH)',
  });
  if (sink === -1) throw new Error('unreachable');
  return results;
}
