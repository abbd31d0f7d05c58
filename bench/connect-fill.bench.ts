// Connect fill: wall time for a real Canopy node (createNode, regtest) to fill its 8 regular outbound
// slots from 200 loopback listeners that complete a v1 handshake (scripted v1 peers on 127.X.Y.1:18444,
// 100 distinct /16 groups, announced by 10 local DNS seeds on a dns2 server). Regular peers try BIP324
// first, so the fill includes the v2 attempt and the v1 retry (--allow-v1-fallback). Baseline: raw
// TCP connects to 8 of the same listeners, in parallel. Loopback only.
import { cpus } from 'node:os';
import net from 'node:net';
import type { BenchResult } from './types.js';
import { startV1Responder, type V1Responder } from '../test/support/v1-responders.js';
import { startDnsServer, type SeedAnswerSpec } from '../test/support/dns-server.js';
import { startTestNode } from '../test/support/node-harness.js';

/** Design goal (issue): 8 regular slots filled in under 2 s on loopback. */
const GOAL_MS = 2000;
const LISTENERS = 200;
const SEEDS = 10;
const ROUNDS = 3;

function hosts(): string[] {
  const out: string[] = [];
  for (let i = 0; i < LISTENERS; i++) out.push(`127.${100 + Math.floor(i / 2)}.${i % 2}.1`);
  return out;
}

async function rawConnect8(targets: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(targets.slice(0, 8).map((host) => new Promise<void>((resolve, reject) => {
    const s = net.connect({ host, port: 18444 }, () => { s.destroy(); resolve(); });
    s.once('error', reject);
  })));
  return performance.now() - t0;
}

async function fillOnce(dnsAddress: string, seeds: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const node = await startTestNode({ dnsSeeds: true, dnsSeedList: seeds, dnsServer: dnsAddress, allowV1Fallback: true, maxOutbound: 8 });
  try {
    const ready = new Set<number>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${ready.size} regular peers after 30 s`)), 30_000);
      const check = (): void => {
        for (const e of node.events) if (e.type === 'handshake-completed' && e.peer.kind === 'regular') ready.add(e.peer.id);
        if (ready.size >= 8) { clearTimeout(timer); resolve(); }
      };
      node.node.onEvent(check);
      check();
    });
    return performance.now() - t0;
  } finally {
    await node.close();
  }
}

/** Runs the benchmark (see the header). */
export async function run(): Promise<BenchResult[]> {
  const all = hosts();
  const responders: V1Responder[] = [];
  const zone: Record<string, SeedAnswerSpec> = {};
  const seeds: string[] = [];
  for (let s = 0; s < SEEDS; s++) {
    const name = `seed${s}.bench.test`;
    seeds.push(name);
    zone[name] = { kind: 'records', a: all.filter((_, i) => i % SEEDS === s) };
  }
  const dns = await startDnsServer(zone);
  try {
    for (const host of all) responders.push(await startV1Responder(host, 'complete', 18444));
    const fills: number[] = [];
    const raws: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      raws.push(await rawConnect8(all.slice(r * 8)));
      fills.push(await fillOnce(dns.address, seeds));
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const fill = median(fills);
    const raw = median(raws);
    return [{
      name: `connect-fill: 8 regular slots from ${LISTENERS} loopback v1 peers (${cpus().length} cores)`,
      value: fill, unit: 'ms',
      baseline: 'raw TCP connect to 8 listeners', baselineValue: raw,
      ratio: raw / fill,
      goal: `< ${GOAL_MS} ms (${fill < GOAL_MS ? 'met' : 'not met'})`,
    }];
  } finally {
    for (const r of responders) await r.close();
    await dns.close();
  }
}
