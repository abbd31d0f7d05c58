// A seeded, deterministic network simulator around the real engine, address manager and header
// chain: thousands of virtual peers that speak v1 bytes, with latency, dial failures, peers that lie
// about their services, churn, partitions, DNS seeds and a chain mined every ~10 simulated minutes
// (with pauses, so the tip goes stale). No sockets, no timers: simulated time only.
//
//   const sim = createSimulation({ seed: 7, peers: 2000 });
//   sim.advance(10 * 60_000);           // run ten simulated minutes
//   sim.command({ type: 'add-peer', target: '…' }); sim.snapshot(); sim.onEvent(fn); sim.onEffect(fn)
import { seededRandom, type Random } from '../shared/random.js';
import type { Millis } from '../shared/time.js';
import { MINUTE_MS, SECOND_MS } from '../shared/time.js';
import { formatAddr, type NetAddr } from '../protocol/netaddr.js';
import { networkParams } from '../protocol/networks.js';
import { encodeEnvelope } from '../protocol/envelope.js';
import { decodeWireMessage, toWireMessage } from '../protocol/messages.js';
import { buildVersionMessage } from '../protocol/version.js';
import { NODE_NETWORK, NODE_WITNESS, NODE_NETWORK_LIMITED, NODE_P2P_V2 } from '../protocol/services.js';
import type { AddrEntry, Message } from '../protocol/types.js';
import type { NetworkParams } from '../protocol/params.js';
import { createV1Transport } from '../transport/v1.js';
import type { Transport } from '../transport/transport.js';
import { AddressManager } from '../address-manager/address-manager.js';
import { createHeaderChain, type FlatHeaderChain } from '../chain/header-chain.js';
import { createEngine, type Engine } from '../engine/engine.js';
import type { Command, CommandResult, Effect, Input, NodeEvent, PeerId, Snapshot } from '../engine/types.js';
import { SimChain } from './sim-chain.js';
import { EventQueue } from './event-queue.js';

/** Simulation knobs. */
export interface SimulationOptions {
  readonly seed: number;
  /** Virtual peers in the population. */
  readonly peers?: number;
  /** Share of dials that fail. */
  readonly dialFailureRate?: number;
  /** Share of peers whose version lacks the services their addr advertised. */
  readonly lyingRate?: number;
  /** Mean simulated time between blocks (0 = never mine). */
  readonly blockIntervalMs?: Millis;
  /** Mean lifetime of a connection before the remote side hangs up (0 = never). */
  readonly meanLifetimeMs?: Millis;
  /** Simulated start instant. */
  readonly startAt?: Millis;
  readonly addNodes?: readonly string[];
  readonly connect?: readonly string[];
  readonly useDnsSeeds?: boolean;
  readonly config?: Readonly<Record<string, number>>;
  /** Run the engine with its consistency checks (EngineOptions.checkConsistency). */
  readonly checkConsistency?: boolean;
}

/** An input before the simulator stamps its time. */
type PendingInput = Input extends infer I ? (I extends { now: Millis } ? Omit<I, 'now'> : never) : never;

/** A virtual peer of the population. */
interface VirtualNode {
  readonly addr: NetAddr;
  readonly advertised: bigint;
  readonly actual: bigint;
  readonly latencyMs: number;
  readonly userAgent: string;
}

/** A live simulated connection. */
interface SimConnection {
  readonly node: VirtualNode;
  readonly decoder: Transport;
}

/** The running simulation. */
export interface Simulation {
  readonly engine: Engine;
  readonly book: AddressManager;
  readonly chain: FlatHeaderChain;
  readonly params: NetworkParams;
  /** Current simulated time. */
  now(): Millis;
  /** Runs until `until` (inclusive). */
  runUntil(until: Millis): void;
  /** Runs `ms` of simulated time. */
  advance(ms: Millis): void;
  /** Runs a command at the current time and returns its result. */
  command(command: Command): CommandResult;
  /** The engine's snapshot now. */
  snapshot(): Snapshot;
  /** Subscribes to events. */
  onEvent(listener: (event: NodeEvent) => void): () => void;
  /** Subscribes to every effect (for invariant checks). */
  onEffect(listener: (effect: Effect, now: Millis) => void): () => void;
  /** Cuts a network group off (dials fail, connections close) until `until`. */
  partition(groups: readonly string[], until: Millis): void;
  /** Counters. */
  readonly stats: { inputs: number; effects: number; blocks: number };
}

const SIM_SEEDS = ['seed-a.sim.invalid', 'seed-b.sim.invalid'];
const USER_AGENTS = ['/Satoshi:27.1.0/', '/Satoshi:28.0.0/', '/Satoshi:26.2.0/', '/Floresta:0.7.0/', '/btcd:0.24.2/', '/Satoshi:25.0.0(bitcore)/'];

function randomRoutableIPv4(r: Random): Uint8Array {
  for (;;) {
    const a = 1 + r.nextInt(222);
    if (a === 10 || a === 127 || a === 100 || a === 169 || a === 172 || a === 192 || a === 198 || a === 203) continue;
    return new Uint8Array([a, r.nextInt(256), r.nextInt(256), 1 + r.nextInt(254)]);
  }
}

/** Builds a simulation (regtest parameters, so headers are cheap to mine; addresses look public). */
export function createSimulation(options: SimulationOptions): Simulation {
  const random = seededRandom(options.seed);
  const simRandom = seededRandom(options.seed ^ 0x5eed);
  const params = { ...networkParams('regtest'), dnsSeeds: SIM_SEEDS, fixedSeeds: [] as NetworkParams['fixedSeeds'] };
  const failRate = options.dialFailureRate ?? 0.3;
  const lyingRate = options.lyingRate ?? 0.05;
  const blockIntervalMs = options.blockIntervalMs ?? 10 * MINUTE_MS;
  const lifetimeMs = options.meanLifetimeMs ?? 45 * MINUTE_MS;
  let now: Millis = options.startAt ?? Date.UTC(2026, 10, 25);
  const population: VirtualNode[] = [];
  const byAddress = new Map<string, VirtualNode>();
  for (let i = 0; i < (options.peers ?? 2000); i++) {
    const addr: NetAddr = { network: 'ipv4', bytes: randomRoutableIPv4(simRandom), port: params.defaultPort };
    const key = formatAddr(addr);
    if (byAddress.has(key)) continue;
    const full = NODE_NETWORK | NODE_WITNESS | (simRandom.nextFloat() < 0.4 ? NODE_P2P_V2 : 0n);
    const lies = simRandom.nextFloat() < lyingRate;
    const node: VirtualNode = {
      addr, advertised: full, actual: lies ? NODE_NETWORK_LIMITED : full,
      latencyMs: 20 + simRandom.nextInt(300), userAgent: USER_AGENTS[simRandom.nextInt(USER_AGENTS.length)] ?? '/Satoshi:27.1.0/',
    };
    population.push(node);
    byAddress.set(key, node);
  }
  const book = new AddressManager({ random, allowPrivateAddresses: true });
  const chain = createHeaderChain('regtest');
  const simChain = new SimChain(params);
  for (let i = 200; i > 0; i--) simChain.mine(Math.floor((now - i * 10 * MINUTE_MS) / 1000));
  const engine = createEngine({
    params, random, addressBook: book, chain, preferV2: false, createTransport: () => createV1Transport(params.magic),
    requiredServices: NODE_NETWORK | NODE_WITNESS, dnsSeeds: SIM_SEEDS, useDnsSeeds: options.useDnsSeeds ?? true,
    ...(options.addNodes ? { addNodes: options.addNodes } : {}), ...(options.connect ? { connect: options.connect } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.checkConsistency === true ? { checkConsistency: true } : {}),
  });

  const queue = new EventQueue<PendingInput>();
  const connections = new Map<PeerId, SimConnection>();
  const partitions = new Map<string, Millis>();
  const eventListeners = new Set<(e: NodeEvent) => void>();
  const effectListeners = new Set<(e: Effect, at: Millis) => void>();
  const results = new Map<number, CommandResult>();
  let wakeAt: Millis = Infinity;
  let nextBlockAt = blockIntervalMs > 0 ? now + blockIntervalMs : Infinity;
  let requestId = 0;
  const stats = { inputs: 0, effects: 0, blocks: 0 };

  const cutOff = (addr: NetAddr): boolean => {
    const until = partitions.get(book.groupOf(addr));
    return until !== undefined && until > now;
  };
  const toPeer = (peerId: PeerId, node: VirtualNode, msg: Message): void => {
    const wire = toWireMessage(msg);
    queue.push(now + node.latencyMs, { type: 'received', peerId, bytes: encodeEnvelope(params.magic, wire.command, wire.payload) });
  };
  const randomAddrs = (count: number): AddrEntry[] => {
    const out: AddrEntry[] = [];
    for (let i = 0; i < count; i++) {
      const n = population[simRandom.nextInt(population.length)] as VirtualNode;
      out.push({ time: Math.floor(now / 1000) - simRandom.nextInt(3 * 86400), services: n.advertised, addr: n.addr });
    }
    return out;
  };

  function onPeerMessage(peerId: PeerId, node: VirtualNode, msg: Message): void {
    switch (msg.type) {
      case 'version': {
        toPeer(peerId, node, buildVersionMessage({
          services: node.actual, timestamp: BigInt(Math.floor(now / 1000)), receiver: null, receiverServices: 0n,
          nonce: BigInt(simRandom.nextU32()), startHeight: simChain.height, relay: true, userAgent: node.userAgent,
        }));
        toPeer(peerId, node, { type: 'verack' });
        return;
      }
      case 'ping': toPeer(peerId, node, { type: 'pong', nonce: msg.nonce }); return;
      case 'getaddr': toPeer(peerId, node, { type: 'addr', entries: randomAddrs(50 + simRandom.nextInt(200)) }); return;
      case 'getheaders': toPeer(peerId, node, { type: 'headers', headers: simChain.headersAfter(msg.locator, 2000) }); return;
      default: return;
    }
  }

  function execute(effect: Effect): void {
    stats.effects++;
    for (const l of effectListeners) l(effect, now);
    switch (effect.type) {
      case 'dial': {
        const addr = effect.target.kind === 'addr' ? effect.target.addr : null;
        const node = addr !== null ? byAddress.get(formatAddr(addr)) : undefined;
        const latency = node?.latencyMs ?? 100;
        if (node === undefined || addr === null || cutOff(addr) || simRandom.nextFloat() < failRate) {
          const timeout = simRandom.nextFloat() < 0.5;
          queue.push(now + (timeout ? effect.timeoutMs : latency), { type: 'dial-failed', peerId: effect.peerId, reason: timeout ? 'timeout' : 'refused', detail: timeout ? 'connect timed out' : 'connection refused' });
          return;
        }
        connections.set(effect.peerId, { node, decoder: createV1Transport(params.magic) });
        queue.push(now + latency, { type: 'dialed', peerId: effect.peerId });
        if (lifetimeMs > 0) queue.push(now + latency + Math.round(-Math.log(1 - simRandom.nextFloat()) * lifetimeMs), { type: 'closed', peerId: effect.peerId, detail: 'remote hung up' });
        return;
      }
      case 'send': {
        const conn = connections.get(effect.peerId);
        if (conn === undefined) return;
        const out = conn.decoder.receive(effect.bytes);
        for (const wire of out.messages) {
          const decoded = decodeWireMessage(wire);
          if (decoded.ok) onPeerMessage(effect.peerId, conn.node, decoded.value);
        }
        return;
      }
      case 'close': connections.delete(effect.peerId); return;
      case 'wake-at': wakeAt = effect.at; return;
      case 'resolve-seed': {
        const fail = simRandom.nextFloat() < 0.2;
        const addresses = fail ? [] : randomAddrs(25).map((e) => e.addr);
        queue.push(now + 40 + simRandom.nextInt(400), { type: 'seeds-resolved', seed: effect.seed, addresses, ...(fail ? { error: 'timed out' } : {}) });
        return;
      }
      case 'event': for (const l of eventListeners) l(effect.event); return;
      case 'command-result': results.set(effect.requestId, effect.result); return;
      default: return;
    }
  }

  function feed(input: Input): void {
    stats.inputs++;
    if (input.type === 'closed' || input.type === 'received') {
      if (!connections.has(input.peerId)) return; // already closed by us
      if (input.type === 'closed') connections.delete(input.peerId);
    }
    for (const effect of engine.handle(input)) execute(effect);
  }

  function mineBlock(): void {
    simChain.mine(Math.floor(now / 1000));
    stats.blocks++;
    const header = simChain.headers[simChain.height];
    for (const [peerId, conn] of connections) {
      if (header !== undefined && simRandom.nextFloat() < 0.9) toPeer(peerId, conn.node, { type: 'headers', headers: [header] });
    }
    // Every few blocks the network stalls for an hour, so the tip goes stale and an extra peer opens.
    const stall = simRandom.nextFloat() < 0.08 ? 90 * MINUTE_MS : 0;
    nextBlockAt = now + stall + Math.max(SECOND_MS, Math.round(-Math.log(1 - simRandom.nextFloat()) * blockIntervalMs));
  }

  let started = false;
  function ensureStarted(): void {
    if (started) return;
    started = true;
    feed({ type: 'start', now });
  }

  function runUntil(until: Millis): void {
    ensureStarted();
    for (;;) {
      const nextQueued = queue.peekTime();
      const next = Math.min(nextQueued, wakeAt, nextBlockAt);
      if (next > until) break;
      now = Math.max(now, next);
      if (next === nextQueued) {
        const input = queue.pop() as PendingInput;
        feed(Object.assign({}, input, { now }) as Input); // not a spread: V8's slow path for varied shapes
      } else if (next === nextBlockAt) {
        mineBlock();
      } else {
        wakeAt = Infinity;
        feed({ type: 'tick', now });
      }
    }
    now = Math.max(now, until);
  }

  return {
    engine, book, chain, params, stats,
    now: () => now,
    runUntil,
    advance: (ms) => runUntil(now + ms),
    command(command: Command): CommandResult {
      ensureStarted();
      const id = ++requestId;
      feed({ type: 'command', now, requestId: id, command });
      const result = results.get(id) ?? { ok: false, code: 'invalid-argument', reason: 'no result' };
      results.delete(id);
      return result;
    },
    snapshot: () => { ensureStarted(); return engine.snapshot(now); },
    onEvent(listener) { eventListeners.add(listener); return () => eventListeners.delete(listener); },
    onEffect(listener) { effectListeners.add(listener); return () => effectListeners.delete(listener); },
    partition(groups, until) {
      for (const g of groups) partitions.set(g, until);
      for (const [peerId, conn] of connections) if (cutOff(conn.node.addr)) queue.push(now + 1, { type: 'closed', peerId, detail: 'network partition' });
    },
  };
}
