// Builds the engine for a real node from its parts: the address book loaded from the data directory,
// the header chain and its store, the anchors, and the engine configuration from the CLI options.
// This is the one place in io/ that knows the constructors of the engine, address manager and chain.
import type { Millis } from '../shared/time.js';
import type { Random } from '../shared/random.js';
import type { NetworkParams } from '../protocol/params.js';
import type { EngineLike } from './reactor.js';
import type { AddressManager } from '../address-manager/address-manager.js';
import { createHeaderChain, type FlatHeaderChain } from '../chain/header-chain.js';
import { join } from 'node:path';
import { loadAddressBook } from './address-book-store.js';
import { loadHeaderStore } from './header-store.js';
import { DATA_FILES, readOptional } from './data-dir.js';
import { createEngine } from '../engine/engine.js';
import { decodeAnchors } from '../engine/anchors.js';
import type { TransportFactory } from '../engine/options.js';
import { createV2Transport } from '../transport/v2.js';
import { createV1Transport } from '../transport/v1.js';

/** Engine constants a test may override (names as in the engine's config module). */
export type EngineOverrides = Readonly<Record<string, number>>;

/** What assembleEngine needs. */
export interface AssemblyOptions {
  readonly params: NetworkParams;
  readonly datadir: string;
  readonly now: Millis;
  readonly random: Random;
  readonly log: (line: string) => void;
  readonly connect: readonly string[];
  readonly addnode: readonly string[];
  readonly proxy: string | null;
  readonly allowV1Fallback: boolean;
  /** Try BIP324 first (Core: -v2transport, default on). */
  readonly v2: boolean;
  readonly dnsSeeds: boolean;
  readonly dnsSeedList?: readonly string[];
  readonly services: bigint;
  readonly maxOutbound?: number;
  readonly overrides?: EngineOverrides;
  /** Test hook: run the engine's consistency checks after every input (EngineOptions.checkConsistency). */
  readonly checkConsistency?: boolean;
}

/** The assembled engine and a way to serialize its address book for the final save. */
export interface Assembly {
  readonly engine: EngineLike;
  serializeAddressBook(): Uint8Array | null;
}

/** The persistent parts the engine starts from. */
export interface LoadedState {
  readonly book: AddressManager;
  readonly chain: FlatHeaderChain;
  /** anchors.dat bytes (the engine decodes them), or null. */
  readonly anchors: Uint8Array | null;
}

/** Loads the address book, the header chain (replaying headers.dat) and the anchors; never throws for damaged files. */
export async function loadState(options: AssemblyOptions): Promise<LoadedState> {
  const { params, datadir, log } = options;
  const loaded = await loadAddressBook(join(datadir, DATA_FILES.peers), {
    random: options.random, allowPrivateAddresses: params.allowPrivateAddresses, now: options.now,
  });
  if (loaded.warning !== null) log(loaded.warning);
  const chain = createHeaderChain(params.name);
  const headers = await loadHeaderStore(datadir);
  if (headers.problem !== null) log(headers.problem);
  if (headers.count > 0) {
    const replayed = chain.replay(headers.headers);
    if (!replayed.ok) log(`headers.dat: replay stopped (${replayed.code}: ${replayed.detail}); continuing from height ${chain.tip().height}`);
  }
  let anchors: Uint8Array | null = null;
  try {
    anchors = readOptional(join(datadir, DATA_FILES.anchors));
  } catch (err) {
    log(`anchors.dat unreadable (${err instanceof Error ? err.message : String(err)}); starting without anchors`);
  }
  return { book: loaded.book, chain, anchors };
}

/** Builds transports for the engine: v2 (BIP324 initiator) or v1, as the engine asks. */
const transportFactory: TransportFactory = (version, params, random) =>
  version === 'v2' ? createV2Transport(params, random) : createV1Transport(params.magic);

/** Assembles the engine from the loaded state and the options. */
export async function assembleEngine(options: AssemblyOptions): Promise<Assembly> {
  const state = await loadState(options);
  const { params } = options;
  const config: Record<string, number> = { ...(options.overrides ?? {}) };
  if (options.maxOutbound !== undefined) config['maxOutbound'] = options.maxOutbound;
  const engine = createEngine({
    params,
    random: options.random,
    addressBook: state.book,
    chain: state.chain,
    createTransport: transportFactory,
    preferV2: options.v2,
    connect: options.connect,
    addNodes: options.addnode,
    dnsSeeds: options.dnsSeedList ?? params.dnsSeeds,
    useDnsSeeds: options.dnsSeeds,
    proxy: options.proxy !== null,
    allowV1Fallback: options.allowV1Fallback,
    requiredServices: options.services,
    anchors: decodeAnchors(state.anchors),
    config,
    ...(options.checkConsistency === true ? { checkConsistency: true } : {}),
  });
  return { engine, serializeAddressBook: () => state.book.serialize() };
}
