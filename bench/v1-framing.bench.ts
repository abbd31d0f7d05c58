// v1 framing throughput: frame (send) + deframe (receive) of 1 KiB and 64 KiB payloads through
// createV1Transport, beside node:crypto double SHA-256 of the same bytes measured in the same run.
// The v1 wire needs the payload checksum twice per message (sender and receiver), so the baseline
// for frame+deframe is two sha256d passes and for deframe alone one: ratio = ours / baseline
// (bigger is better; goal ≥ 0.8, i.e. framing costs at most 25% beyond the hashing itself).
import { hash } from 'node:crypto';
import { createV1Transport } from '../source/transport/v1.js';
import type { BenchResult } from './types.js';

const MAGIC = new Uint8Array([0xfa, 0xbf, 0xb5, 0xda]);
const ROUND_MS = 150;
const ROUNDS = 9;

/** The fastest raw double SHA-256 node:crypto offers (one-shot crypto.hash, as the transport uses). */
function sha256d(data: Uint8Array): Buffer {
  return hash('sha256', hash('sha256', data, 'buffer'), 'buffer');
}

/** MB/s of `fn` (processing `bytesPerCall` payload bytes per call) over one timed round. */
function round(bytesPerCall: number, fn: () => void): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < 20; i++) fn();
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (calls * bytesPerCall) / 1e6 / (elapsed / 1000);
}

/** Ours and the baseline in alternating rounds (so machine load hits both alike); reports the round with the median ratio. */
function sideBySide(bytesPerCall: number, ours: () => void, baseline: () => void): { value: number; baselineValue: number; ratio: number } {
  for (let i = 0; i < 50; i++) { ours(); baseline(); } // warm-up
  const rounds: { value: number; baselineValue: number; ratio: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const value = round(bytesPerCall, ours);
    const baselineValue = round(bytesPerCall, baseline);
    rounds.push({ value, baselineValue, ratio: value / baselineValue });
  }
  rounds.sort((a, b) => a.ratio - b.ratio);
  return rounds[Math.floor(rounds.length / 2)] ?? { value: 0, baselineValue: 0, ratio: 0 };
}

/** Runs the framing benchmark. */
export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [label, size] of [['1 KiB', 1024], ['64 KiB', 65536]] as const) {
    const payload = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
    const sender = createV1Transport(MAGIC);
    const receiver = createV1Transport(MAGIC);
    const message = { command: 'block', payload };
    const frame = sender.send(message);
    let sink = 0;

    const both = sideBySide(size, () => {
      sink += receiver.receive(sender.send(message)).messages.length;
    }, () => {
      sink += sha256d(payload)[0]! + sha256d(payload)[0]!;
    });
    const deframe = sideBySide(size, () => {
      sink += receiver.receive(frame).messages.length;
    }, () => {
      sink += sha256d(payload)[0]!;
    });
    if (sink === -1) throw new Error('unreachable');

    results.push({
      name: `v1 frame+deframe ${label}`, unit: 'MB/s', ...both,
      baseline: 'node:crypto sha256d ×2 (send+receive checksums)', goal: '≥ 0.8',
    });
    results.push({ name: `v1 deframe ${label}`, unit: 'MB/s', ...deframe, baseline: 'node:crypto sha256d ×1', goal: '≥ 0.8' });
  }
  return results;
}
