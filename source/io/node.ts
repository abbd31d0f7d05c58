// createNode (design.md §1, §2): the real-network node. Builds the network parameters, the data
// directory, the engine (with its address book, header chain and anchors — see engine-assembly.ts),
// the reactor with real dialers (TCP, or SOCKS5 with --proxy) and the DNS seed resolver, and wraps
// it all as a NodeController. close() lets the engine shut down, then saves the address book.
import { join } from 'node:path';
import type { Millis } from '../shared/time.js';
import type { Random } from '../shared/random.js';
import type { DialTarget } from '../engine/types.js';
import { formatHost } from '../protocol/netaddr.js';
import { networkParams } from '../protocol/networks.js';
import type { NetworkName } from '../protocol/params.js';
import { DEFAULT_REQUIRED_SERVICES } from '../protocol/services.js';
import { cryptoRandom } from './crypto-random.js';
import { dialTcp, type DialOutcome } from './tcp-dialer.js';
import { dialSocks, type ProxyConfig } from './socks-dialer.js';
import { resolveSeed } from './dns-seeds.js';
import { Reactor, type ReactorIo } from './reactor.js';
import { createController, type RunningNode } from './controller.js';
import { DATA_FILES, defaultDataDir, ensureDataDir } from './data-dir.js';
import { writeFileAtomic } from './atomic-file.js';
import { assembleEngine, type Assembly, type EngineOverrides } from './engine-assembly.js';
import { appendHeaderRecords } from './header-store.js';

/** Options of createNode (the CLI flags of design.md §5, plus test hooks). */
export interface NodeOptions {
  /** Default 'bitcoin'. */
  readonly network?: NetworkName;
  /** Fixed peers: only these, nothing else (no DNS, feelers or extra peers). */
  readonly connect?: readonly string[];
  /** Added peers kept connected as manual peers. */
  readonly addnode?: readonly string[];
  /** SOCKS5 proxy for every outbound connection. */
  readonly proxy?: ProxyConfig | null;
  /** Permit v1 when a regular peer refuses BIP324. */
  readonly allowV1Fallback?: boolean;
  /** Try BIP324 v2 first (default true; false = v1 only, like Core's -v2transport=0). */
  readonly v2?: boolean;
  /** Regular outbound target (default 8). */
  readonly maxOutbound?: number;
  /** Query DNS seeds when the book is empty (default true). */
  readonly dnsSeeds?: boolean;
  /** Replaces the network's DNS seed list. */
  readonly dnsSeedList?: readonly string[];
  /** DNS server "ip[:port]" for seeds (default: the system resolver). */
  readonly dnsServer?: string;
  /** Services required of regular peers (default NETWORK|WITNESS). */
  readonly services?: bigint;
  /** Data directory (default ~/.canopy/<network>; created when missing). */
  readonly datadir?: string;
  /** Debug log lines (failed saves, corrupt files moved aside, …). */
  readonly log?: (line: string) => void;
  /** Test hook: bind this local source address for outbound TCP (distinct 127.x.y.z per case). */
  readonly localAddress?: string;
  /** Test hook: engine constants to override (e.g. a short handshake timeout). */
  readonly engineConfig?: EngineOverrides;
  /** Test hook: run the engine's consistency checks after every input (a violation throws). */
  readonly checkConsistency?: boolean;
  /** Test hook: the clock (default Date.now). */
  readonly now?: () => Millis;
  /** Test hook: randomness (default node:crypto). */
  readonly random?: Random;
}

/** The dial function for the configured transport (direct TCP or SOCKS5). */
function makeDialer(proxy: ProxyConfig | null, localAddress: string | undefined): (target: DialTarget, timeoutMs: Millis) => Promise<DialOutcome> {
  return (target, timeoutMs) => {
    const host = target.kind === 'addr' ? formatHost(target.addr) : target.host;
    const port = target.kind === 'addr' ? target.addr.port : target.port;
    if (proxy !== null) return dialSocks({ proxy, host, port, timeoutMs });
    if (target.kind === 'addr' && target.addr.network !== 'ipv4' && target.addr.network !== 'ipv6') {
      return Promise.resolve({ ok: false, reason: 'unreachable', detail: `${host} needs a proxy (--proxy) to be reached` });
    }
    return dialTcp({ host, port, timeoutMs, ...(localAddress !== undefined ? { localAddress } : {}) });
  };
}

/** Creates a real-network node (not started: call start()). Throws on an unusable data directory. */
export function createNode(options: NodeOptions = {}): RunningNode {
  const network = options.network ?? 'bitcoin';
  const params = networkParams(network);
  const datadir = ensureDataDir(options.datadir ?? defaultDataDir(network));
  const log = options.log ?? ((): void => {});
  const now = options.now ?? ((): Millis => Date.now());
  const services = options.services ?? DEFAULT_REQUIRED_SERVICES;
  const proxy = options.proxy ?? null;

  let assembly: Assembly | null = null;

  const io: ReactorIo = {
    now,
    dial: makeDialer(proxy, options.localAddress),
    resolveSeed: (seed, timeoutMs) => resolveSeed({
      params, seed, services, timeoutMs, ...(options.dnsServer !== undefined ? { server: options.dnsServer } : {}),
    }),
    persist: (file, bytes) => writeFileAtomic(join(datadir, DATA_FILES[file]), bytes),
    appendHeaders: (bytes) => appendHeaderRecords(datadir, bytes),
    warn: log,
  };
  const build = async (): Promise<Reactor> => {
    assembly = await assembleEngine({
      params, datadir, now: now(), random: options.random ?? cryptoRandom(), log,
      connect: options.connect ?? [], addnode: options.addnode ?? [], proxy: proxy === null ? null : `${proxy.host}:${proxy.port}`,
      allowV1Fallback: options.allowV1Fallback ?? false, v2: options.v2 ?? true, dnsSeeds: options.dnsSeeds ?? true, services,
      ...(options.maxOutbound !== undefined ? { maxOutbound: options.maxOutbound } : {}),
      ...(options.dnsSeedList !== undefined ? { dnsSeedList: options.dnsSeedList } : {}),
      ...(options.engineConfig !== undefined ? { overrides: options.engineConfig } : {}),
      ...(options.checkConsistency === true ? { checkConsistency: true } : {}),
    });
    return new Reactor(assembly.engine, io);
  };
  return createController(network, build, {
    afterStop: async () => {
      // Whatever the engine persisted on shutdown, the book on disk ends up current.
      const bytes = assembly?.serializeAddressBook() ?? null;
      if (bytes !== null) {
        await writeFileAtomic(join(datadir, DATA_FILES.peers), bytes).catch((err: unknown) => log(`could not save the address book: ${String(err)}`));
      }
    },
  });
}
