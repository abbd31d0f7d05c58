// The shape of per-network parameters. Values live in networks.ts (magic, ports, genesis, DNS seeds)
// and fixed-seeds.ts (generated from shared/data/fixed-seeds); consensus rules in source/chain/.
import type { BlockHeader } from './types.js';

/** Canopy's network names (as `--network` accepts them). */
export type NetworkName = 'bitcoin' | 'testnet' | 'testnet4' | 'signet' | 'regtest';

/** All network names, in display order. */
export const NETWORK_NAMES: readonly NetworkName[] = ['bitcoin', 'testnet', 'testnet4', 'signet', 'regtest'];

/** A hard-coded fall-back address: host text as in shared/data/fixed-seeds, port, services. */
export interface FixedSeed {
  readonly host: string;
  readonly port: number;
  readonly services: bigint;
}

/** Everything the P2P layer needs to know about one network. */
export interface NetworkParams {
  readonly name: NetworkName;
  /** The 4 message-start bytes, in wire order. */
  readonly magic: Uint8Array;
  /** Default P2P port. */
  readonly defaultPort: number;
  /** The genesis block header. */
  readonly genesis: BlockHeader;
  /** Genesis block hash in display (RPC) hex. */
  readonly genesisHashHex: string;
  /** DNS seed host names. */
  readonly dnsSeeds: readonly string[];
  /** True when the seeds support Core's service-bit subdomains (x9., xd. …). */
  readonly dnsSeedsFilterServices: boolean;
  /** Hard-coded fall-back addresses. */
  readonly fixedSeeds: readonly FixedSeed[];
  /** True on regtest: local/private/unroutable addresses are allowed. */
  readonly allowPrivateAddresses: boolean;
}
