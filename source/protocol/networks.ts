// Per-network P2P parameters (magic, default port, genesis header, DNS seeds, fixed seeds), as
// Bitcoin Core's kernel/chainparams.cpp defines them. Fixed seeds come from the generated fixed-seeds.ts.
import { displayHexToHash } from '../shared/hash.js';
import { fixedSeeds } from './fixed-seeds.js';
import { NETWORK_NAMES, type NetworkName, type NetworkParams } from './params.js';
import type { BlockHeader } from './types.js';

/** Merkle root of the genesis block shared by mainnet, testnet3, signet and regtest (Core: chainparams.cpp). */
const SATOSHI_GENESIS_MERKLE_ROOT = '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b';

function genesis(time: number, nonce: number, bits: number, merkleRootHex = SATOSHI_GENESIS_MERKLE_ROOT): BlockHeader {
  return { version: 1, prevHash: new Uint8Array(32), merkleRoot: displayHexToHash(merkleRootHex), time, bits, nonce };
}

interface NetworkSpec {
  magic: readonly number[];
  defaultPort: number;
  genesis: BlockHeader;
  genesisHashHex: string;
  dnsSeeds: readonly string[];
  dnsSeedsFilterServices: boolean;
  allowPrivateAddresses: boolean;
}

// Core queries every seed as "x<hex services>.<seed>" (net.cpp ThreadDNSAddressSeed) and falls back to an
// addr-fetch connection when a seed gives nothing; the comments in chainparams.cpp note which seeds
// support which prefixes (all listed ones support x9, NETWORK|WITNESS).
const SPECS: Readonly<Record<NetworkName, NetworkSpec>> = {
  bitcoin: {
    magic: [0xf9, 0xbe, 0xb4, 0xd9], // Core: CMainParams pchMessageStart
    defaultPort: 8333,
    genesis: genesis(1231006505, 2083236893, 0x1d00ffff),
    genesisHashHex: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
    dnsSeeds: [
      'seed.bitcoin.sipa.be', // Pieter Wuille: x1, x5, x9, xd
      'dnsseed.bluematt.me', // Matt Corallo: x9 only
      'seed.bitcoin.jonasschnelli.ch', // Jonas Schnelli: x1, x5, x9, xd
      'seed.btc.petertodd.net', // Peter Todd: x1, x5, x9, xd
      'seed.bitcoin.sprovoost.nl', // Sjors Provoost
      'dnsseed.emzy.de', // Stephan Oeste
      'seed.bitcoin.wiz.biz', // Jason Maurice
      'seed.mainnet.achownodes.xyz', // Ava Chow: x1, x5, x9, x49, x809, x849, xd, x400, …
    ],
    dnsSeedsFilterServices: true,
    allowPrivateAddresses: false,
  },
  testnet: {
    magic: [0x0b, 0x11, 0x09, 0x07], // Core: CTestNetParams pchMessageStart
    defaultPort: 18333,
    genesis: genesis(1296688602, 414098458, 0x1d00ffff),
    genesisHashHex: '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943',
    dnsSeeds: [
      'testnet-seed.bitcoin.jonasschnelli.ch',
      'seed.tbtc.petertodd.net',
      'seed.testnet.bitcoin.sprovoost.nl',
      'testnet-seed.bluematt.me', // static list, x9 only
      'seed.testnet.achownodes.xyz', // Ava Chow: x1, x5, x9, …
    ],
    dnsSeedsFilterServices: true,
    allowPrivateAddresses: false,
  },
  testnet4: {
    magic: [0x1c, 0x16, 0x3f, 0x28], // Core: CTestNet4Params pchMessageStart
    defaultPort: 48333,
    genesis: genesis(1714777860, 393743547, 0x1d00ffff, '7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e'),
    genesisHashHex: '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043',
    dnsSeeds: ['seed.testnet4.bitcoin.sprovoost.nl', 'seed.testnet4.wiz.biz'],
    dnsSeedsFilterServices: true,
    allowPrivateAddresses: false,
  },
  signet: {
    // Core: SigNetParams, first 4 bytes of sha256d(default challenge script) = 0a03cf40.
    magic: [0x0a, 0x03, 0xcf, 0x40],
    defaultPort: 38333,
    genesis: genesis(1598918400, 52613770, 0x1e0377ae),
    genesisHashHex: '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6',
    dnsSeeds: ['seed.signet.bitcoin.sprovoost.nl', 'seed.signet.achownodes.xyz'],
    dnsSeedsFilterServices: true,
    allowPrivateAddresses: false,
  },
  regtest: {
    magic: [0xfa, 0xbf, 0xb5, 0xda], // Core: CRegTestParams pchMessageStart
    defaultPort: 18444,
    genesis: genesis(1296688602, 2, 0x207fffff),
    genesisHashHex: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
    dnsSeeds: [],
    dnsSeedsFilterServices: false,
    allowPrivateAddresses: true,
  },
};

/** The default signet challenge script (Core: SigNetParams, 1-of-2 multisig); its sha256d gives signet's magic. */
export const SIGNET_DEFAULT_CHALLENGE_HEX =
  '512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae';

const cache = new Map<NetworkName, NetworkParams>();

/** The parameters of a network; fixed seeds are parsed on first access. */
export function networkParams(name: NetworkName): NetworkParams {
  const hit = cache.get(name);
  if (hit) return hit;
  const spec = SPECS[name];
  const params: NetworkParams = {
    name,
    magic: new Uint8Array(spec.magic),
    defaultPort: spec.defaultPort,
    genesis: spec.genesis,
    genesisHashHex: spec.genesisHashHex,
    dnsSeeds: spec.dnsSeeds,
    dnsSeedsFilterServices: spec.dnsSeedsFilterServices,
    get fixedSeeds() {
      return fixedSeeds(name);
    },
    allowPrivateAddresses: spec.allowPrivateAddresses,
  };
  cache.set(name, params);
  return params;
}

/** True when `name` is one of Canopy's network names. */
export function isNetworkName(name: string): name is NetworkName {
  return (NETWORK_NAMES as readonly string[]).includes(name);
}

/** The network whose magic equals `magic`, or null. */
export function networkByMagic(magic: Uint8Array): NetworkName | null {
  for (const name of NETWORK_NAMES) {
    const m = SPECS[name].magic;
    if (magic.length === 4 && m.every((b, i) => magic[i] === b)) return name;
  }
  return null;
}

/** The DNS name to query for peers with `services` (Core: "x<hex>.<seed>" when the seed filters by service bits). */
export function dnsSeedQueryName(params: NetworkParams, seed: string, services: bigint): string {
  return params.dnsSeedsFilterServices && services !== 0n ? `x${services.toString(16)}.${seed}` : seed;
}
