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
  readonly dnsSeeds: boolean;
  readonly dnsSeedList?: readonly string[];
  readonly services: bigint;
  readonly maxOutbound?: number;
  readonly overrides?: EngineOverrides;
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

/** Assembles the engine (integration point with source/engine/engine.ts, pending its arrival). */
export async function assembleEngine(options: AssemblyOptions): Promise<Assembly> {
  const state = await loadState(options);
  throw new Error(`the engine is not part of this build yet (network ${options.params.name}, ${state.book.size()} addresses)`);
}
