// Address manager: ingest 100,000 addresses (from 50 relaying peers), then 1,000,000 selections,
// beside bcoin 1.0.2's HostList doing the same work in the same run (its add(addr, src) and getHost()).
// Also: select p50 latency, heap bytes per stored address (process.memoryUsage around the ingest, with
// global.gc when node runs with --expose-gc), and the time to load a saved 100k-address book (bcoin:
// HostList.fromJSON of its own toJSON). Each side runs three times, best time kept. Prints numbers
// only; never asserts.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AddressManager } from '../source/address-manager/address-manager.js';
import { deserializeBook } from '../source/address-manager/serialize.js';
import type { NetAddr } from '../source/protocol/netaddr.js';
import type { AddrEntry } from '../source/protocol/types.js';
import { seededRandom } from '../source/shared/random.js';
import type { BenchResult } from './types.js';

const require = createRequire(import.meta.url);
process.env.NODE_BACKEND ??= 'js'; // bcoin's bcrypto: pure-JS backend (design.md §6)
const bcoin = require('bcoin');
const ADDRESSES = 100_000;
const SELECTIONS = 1_000_000;
const LATENCY_SAMPLES = 20_000;
const SOURCES = 50;
const NOW_S = 1_700_000_000;

/** A full GC: global.gc with --expose-gc, else enabled at run time (v8 flag + a fresh context's gc). */
function gc(): void {
  let g = (globalThis as { gc?: () => void }).gc;
  if (!g) {
    setFlagsFromString('--expose-gc');
    g = runInNewContext('gc') as () => void;
  }
  g();
  g();
}

function heapUsed(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

interface Workload { readonly entries: AddrEntry[]; readonly sourceOf: number[]; readonly sources: NetAddr[] }

function workload(): Workload {
  const r = seededRandom(42);
  const entries: AddrEntry[] = [];
  const sourceOf: number[] = [];
  for (let i = 0; i < ADDRESSES; i++) {
    const a = 1 + r.nextInt(99);
    const addr: NetAddr = { network: 'ipv4', bytes: new Uint8Array([a === 10 ? 11 : a, r.nextInt(256), r.nextInt(256), 1 + r.nextInt(254)]), port: 8333 };
    entries.push({ time: NOW_S - 3600 - r.nextInt(86400), services: 0x409n, addr });
    sourceOf.push(i % SOURCES);
  }
  const sources = Array.from({ length: SOURCES }, (_, i): NetAddr => ({ network: 'ipv4', bytes: new Uint8Array([120 + i, 1, 2, 3]), port: 8333 }));
  return { entries, sourceOf, sources };
}

function p50(samples: number[]): number {
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

function runOurs(w: Workload, before: number): { ingestMs: number; selectMs: number; p50Us: number; bytesPerAddr: number; loadMs: number; size: number } {
  const book = new AddressManager({ random: seededRandom(1), allowPrivateAddresses: false });
  const now = NOW_S * 1000;
  let t = performance.now();
  for (let i = 0; i < w.entries.length; i++) {
    const e = w.entries[i];
    const src = w.sources[w.sourceOf[i] ?? 0];
    if (e && src) book.add([e], { kind: 'peer', addr: src }, now);
  }
  const ingestMs = performance.now() - t;
  w.entries.length = 0; // the book keeps its own copies; the inputs go
  const bytesPerAddr = (heapUsed() - before) / Math.max(1, book.size());
  t = performance.now();
  for (let i = 0; i < SELECTIONS; i++) book.select({}, now);
  const selectMs = performance.now() - t;
  const lat: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const s = performance.now();
    book.select({}, now);
    lat.push((performance.now() - s) * 1000);
  }
  const bytes = book.serialize();
  t = performance.now();
  const loaded = deserializeBook(bytes, { random: seededRandom(2), allowPrivateAddresses: false });
  const loadMs = performance.now() - t;
  if (!loaded.ok) throw new Error('bench: reload failed');
  return { ingestMs, selectMs, p50Us: p50(lat), bytesPerAddr, loadMs, size: book.size() };
}

function runBcoin(w: Workload, before: number): { ingestMs: number; selectMs: number; p50Us: number; bytesPerAddr: number; loadMs: number; size: number } {
  const { HostList, NetAddress } = bcoin.net;
  const network = bcoin.Network.get('main');
  const toBcoin = (a: NetAddr, time: number, services: number): unknown => new NetAddress({ host: a.bytes.join('.'), port: a.port, services, time });
  const addrs = w.entries.map((e) => toBcoin(e.addr, e.time, 0x409));
  const sources = w.sources.map((s) => toBcoin(s, NOW_S, 1));
  const list = new HostList({ network, memory: true, maxBuckets: 1024, maxEntries: 64 });
  network.now = () => NOW_S;
  let t = performance.now();
  for (let i = 0; i < addrs.length; i++) list.add(addrs[i], sources[w.sourceOf[i] ?? 0]);
  const ingestMs = performance.now() - t;
  addrs.length = 0; // the list keeps what it stored; the input array goes
  const bytesPerAddr = (heapUsed() - before) / Math.max(1, list.size());
  t = performance.now();
  for (let i = 0; i < SELECTIONS; i++) list.getHost();
  const selectMs = performance.now() - t;
  const lat: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const s = performance.now();
    list.getHost();
    lat.push((performance.now() - s) * 1000);
  }
  const json = JSON.stringify(list.toJSON());
  t = performance.now();
  const copy = new HostList({ network, memory: true, maxBuckets: 1024, maxEntries: 64 });
  copy.fromJSON(JSON.parse(json));
  const loadMs = performance.now() - t;
  return { ingestMs, selectMs, p50Us: p50(lat), bytesPerAddr, loadMs, size: list.size() };
}

type Run = ReturnType<typeof runOurs>;

/** Best of several runs (shared machines are noisy): the fastest times, the first run's heap figure. */
function best(first: Run, ...more: Run[]): Run {
  const all = [first, ...more];
  const min = (f: (r: Run) => number): number => Math.min(...all.map(f));
  return { ...first, ingestMs: min((r) => r.ingestMs), selectMs: min((r) => r.selectMs), p50Us: min((r) => r.p50Us), loadMs: min((r) => r.loadMs) };
}

/** Runs the address-manager benchmark beside bcoin's HostList. */
export async function run(): Promise<BenchResult[]> {
  // Heap per address: measured from before the inputs exist to after they are dropped, so each side is
  // charged for exactly what it retains (bcoin keeps its NetAddress objects; Canopy copies).
  // Canopy first: bcoin's list stays reachable from its network object after the run.
  let before = heapUsed();
  const o = best(runOurs(workload(), before), runOurs(workload(), 0), runOurs(workload(), 0));
  before = heapUsed();
  const b = best(runBcoin(workload(), before), runBcoin(workload(), 0), runBcoin(workload(), 0));
  const rows: BenchResult[] = [
    { name: `address-manager ingest ${ADDRESSES} addresses (kept ${o.size}; bcoin kept ${b.size})`, value: ADDRESSES / (o.ingestMs / 1000), unit: 'addr/s', baseline: 'bcoin HostList.add', baselineValue: ADDRESSES / (b.ingestMs / 1000), ratio: b.ingestMs / o.ingestMs, goal: '≥ 3× bcoin' },
    { name: `address-manager ${SELECTIONS} selections`, value: SELECTIONS / (o.selectMs / 1000), unit: 'select/s', baseline: 'bcoin HostList.getHost', baselineValue: SELECTIONS / (b.selectMs / 1000), ratio: b.selectMs / o.selectMs, goal: '≥ 3× bcoin' },
    { name: 'address-manager select p50', value: o.p50Us, unit: 'µs', baseline: 'bcoin HostList.getHost p50', baselineValue: b.p50Us, ratio: b.p50Us / Math.max(1e-3, o.p50Us), goal: '< 5 µs' },
    { name: 'address-manager heap per address', value: o.bytesPerAddr, unit: 'bytes', baseline: 'bcoin HostList', baselineValue: b.bytesPerAddr, ratio: b.bytesPerAddr / Math.max(1, o.bytesPerAddr), goal: 'less than bcoin' },
    { name: `address-manager load saved book (${o.size} addresses)`, value: o.loadMs, unit: 'ms', baseline: 'bcoin HostList.fromJSON', baselineValue: b.loadMs, ratio: b.loadMs / Math.max(1e-3, o.loadMs), goal: '< 1000 ms' },
  ];
  return rows;
}
