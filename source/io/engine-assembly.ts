// Builds the engine for a real node from its parts: the address book loaded from the data directory,
// the header chain and its store, the anchors, and the engine configuration from the CLI options.
// This is the one place in io/ that knows the constructors of the engine, address manager and chain.
import type { Millis } from '../shared/time.js';
import type { Random } from '../shared/random.js';
import type { NetworkParams } from '../protocol/params.js';
import type { EngineLike } from './reactor.js';

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

/** Assembles the engine (integration point with source/engine/engine.ts, pending its arrival). */
export async function assembleEngine(options: AssemblyOptions): Promise<Assembly> {
  await Promise.resolve();
  throw new Error(`the engine is not part of this build yet (network ${options.params.name})`);
}
