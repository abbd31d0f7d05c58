// How to build an engine: network, policy knobs, injected randomness, address book, header chain,
// and the transport factory (v2 first when one is given, v1 otherwise).
import type { Random } from '../shared/random.js';
import type { NetAddr } from '../protocol/netaddr.js';
import type { NetworkParams } from '../protocol/params.js';
import type { Transport, TransportVersion } from '../transport/transport.js';
import type { AddressBook } from '../address-manager/api.js';
import type { HeaderChain } from '../chain/api.js';

/** Creates the initiator transport of the given version for a new connection. */
export type TransportFactory = (version: TransportVersion, params: NetworkParams, random: Random) => Transport;

/** Everything createEngine needs. */
export interface EngineOptions {
  readonly params: NetworkParams;
  readonly random: Random;
  readonly addressBook: AddressBook;
  readonly chain: HeaderChain;
  /** Builds transports; must support 'v1', and 'v2' when `preferV2`. */
  readonly createTransport: TransportFactory;
  /** Try BIP324 first (design §3 step 8). */
  readonly preferV2: boolean;
  /** `--connect`: only these peers (manual), nothing else is ever dialled. */
  readonly connect?: readonly string[];
  /** `--addnode`: kept connected as manual peers. */
  readonly addNodes?: readonly string[];
  /** DNS seed host names (already chosen: network list or --dns-seed). */
  readonly dnsSeeds?: readonly string[];
  /** False with --no-dns-seeds. */
  readonly useDnsSeeds?: boolean;
  /** A SOCKS5 proxy is in use: names go through it (seeds as addr-fetch connections), onion is reachable. */
  readonly proxy?: boolean;
  /** `--allow-v1-fallback` for regular peers. */
  readonly allowV1Fallback?: boolean;
  /** Services a regular peer must have. */
  readonly requiredServices: bigint;
  /** Services we announce. */
  readonly ourServices?: bigint;
  /** Anchors read from anchors.dat, dialled first. */
  readonly anchors?: readonly NetAddr[];
  /** User agent to announce. */
  readonly userAgent?: string;
  /** Config overrides (see config.ts). */
  readonly config?: Readonly<Record<string, number>>;
  /** After every input, check the engine's cached state against a recomputation and throw on a
   * mismatch (a bug): for tests and simulations (Core: -checkaddrman). Off by default. */
  readonly checkConsistency?: boolean;
}
