// Per-network consensus parameters for headers-only validation, as Bitcoin Core's
// kernel/chainparams.cpp sets them (proof-of-work limit, retarget timespan and spacing, the
// testnet min-difficulty rule, regtest's fixed difficulty, BIP94 on testnet4, BIP34/66/65
// heights), plus Canopy's two anti-DoS knobs: an optional checkpoint and a minimum chain work.
//
// Signet: header proof of work follows the normal mainnet-style rules with signet's own powLimit.
// The signet block signature (the challenge) lives in the coinbase witness commitment, which a
// headers-only chain never sees, so it cannot be checked here: a headers-only signet chain trusts
// proof of work alone. The default challenge is recorded for reference.
import { targetToCompact } from './bits.js';
import { networkParams } from '../protocol/networks.js';
import type { NetworkName } from '../protocol/params.js';
import type { BlockHeader } from '../protocol/types.js';

/** A block the chain must contain: headers at or below its height that leave it are refused. */
export interface Checkpoint {
  readonly height: number;
  /** Display-order hex of the block hash. */
  readonly hashHex: string;
}

/** The consensus rules a header chain enforces for one network. */
export interface ConsensusParams {
  readonly network: NetworkName;
  /** Largest allowed target (Core: consensus.powLimit). */
  readonly powLimit: bigint;
  /** powLimit in compact form (Core: UintToArith256(powLimit).GetCompact()). */
  readonly powLimitBits: number;
  /** Retarget window length in seconds (Core: nPowTargetTimespan, 14 days). */
  readonly targetTimespanS: number;
  /** Target block spacing in seconds (Core: nPowTargetSpacing, 10 minutes). */
  readonly targetSpacingS: number;
  /** Testnet rule: a block more than 2 spacings after its parent may use powLimit (Core: fPowAllowMinDifficultyBlocks). */
  readonly allowMinDifficultyBlocks: boolean;
  /** Regtest: difficulty never changes (Core: fPowNoRetargeting). */
  readonly noRetargeting: boolean;
  /** Testnet4 BIP94: retarget from the period's first block bits; time-warp fix (Core: enforce_BIP94). */
  readonly enforceBip94: boolean;
  /** First height where version ≥ 2 is required (Core: BIP34Height). */
  readonly bip34Height: number;
  /** First height where version ≥ 3 is required (Core: BIP66Height). */
  readonly bip66Height: number;
  /** First height where version ≥ 4 is required (Core: BIP65Height). */
  readonly bip65Height: number;
  /** The genesis header (from protocol/networks.ts). */
  readonly genesis: BlockHeader;
  /** Genesis hash, display hex. */
  readonly genesisHashHex: string;
  /** Optional checkpoint (Canopy knob; Core's old checkpoints played this role). */
  readonly checkpoint: Checkpoint | null;
  /** Chains whose final batch ends below this work are ignored (Core: nMinimumChainWork; 0 = off). */
  readonly minimumChainWork: bigint;
  /** Signet block-signature challenge (not checkable headers-only; see the file header). */
  readonly signetChallengeHex: string | null;
}

/** Retarget interval in blocks: timespan / spacing = 2016 (Core: DifficultyAdjustmentInterval()). */
export function adjustmentInterval(p: ConsensusParams): number {
  return p.targetTimespanS / p.targetSpacingS;
}

/** Median time past window (Core: CBlockIndex::nMedianTimeSpan = 11). */
export const MEDIAN_TIME_SPAN = 11;
/** How far a header's time may run ahead of our clock, seconds (Core: MAX_FUTURE_BLOCK_TIME, 2 h). */
export const MAX_FUTURE_BLOCK_TIME_S = 2 * 60 * 60;
/** BIP94: a period's first block may be at most this much earlier than its parent (Core: MAX_TIMEWARP, 600 s). */
export const MAX_TIMEWARP_S = 600;
/** Headers per `headers` message (Core: MAX_HEADERS_RESULTS = 2000). */
export const MAX_HEADERS_RESULTS = 2000;

/** Core: chainparams.cpp powLimit for mainnet, testnet3 and testnet4 (2^224 − 1, compact 0x1d00ffff). */
const POW_LIMIT_MAIN = (1n << 224n) - 1n;
/** Core: SigNetParams powLimit 00000377ae00…00 (compact 0x1e0377ae). */
const POW_LIMIT_SIGNET = 0x0377aen << 216n;
/** Core: CRegTestParams powLimit 7fff…ff (compact 0x207fffff). */
const POW_LIMIT_REGTEST = (1n << 255n) - 1n;
/** Core: nPowTargetTimespan = 14 * 24 * 60 * 60. */
const TIMESPAN_S = 14 * 24 * 60 * 60;
/** Core: nPowTargetSpacing = 10 * 60. */
const SPACING_S = 10 * 60;
/** Core: SigNetParams default challenge (1-of-2 multisig). */
const SIGNET_CHALLENGE =
  '512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae';

interface Rules {
  powLimit: bigint;
  allowMin: boolean;
  noRetarget: boolean;
  bip94: boolean;
  bip34: number;
  bip66: number;
  bip65: number;
}

const RULES: Readonly<Record<NetworkName, Rules>> = {
  // Core CMainParams: BIP34Height 227931, BIP66Height 363725, BIP65Height 388381.
  bitcoin: { powLimit: POW_LIMIT_MAIN, allowMin: false, noRetarget: false, bip94: false, bip34: 227931, bip66: 363725, bip65: 388381 },
  // Core CTestNetParams (testnet3): BIP34Height 21111, BIP66Height 330776, BIP65Height 581885.
  testnet: { powLimit: POW_LIMIT_MAIN, allowMin: true, noRetarget: false, bip94: false, bip34: 21111, bip66: 330776, bip65: 581885 },
  // Core CTestNet4Params: all BIP heights 1, enforce_BIP94 = true.
  testnet4: { powLimit: POW_LIMIT_MAIN, allowMin: true, noRetarget: false, bip94: true, bip34: 1, bip66: 1, bip65: 1 },
  // Core SigNetParams: all BIP heights 1, no min-difficulty blocks.
  signet: { powLimit: POW_LIMIT_SIGNET, allowMin: false, noRetarget: false, bip94: false, bip34: 1, bip66: 1, bip65: 1 },
  // Core CRegTestParams: fPowAllowMinDifficultyBlocks and fPowNoRetargeting; BIP heights 1.
  regtest: { powLimit: POW_LIMIT_REGTEST, allowMin: true, noRetarget: true, bip94: false, bip34: 1, bip66: 1, bip65: 1 },
};

/**
 * Core's last hard-coded checkpoints (chainparams.cpp checkpointData, before Core dropped them in
 * favour of headers presync + nMinimumChainWork). Opt-in: pass one as `checkpoint` to enforce it.
 */
export const KNOWN_CHECKPOINTS: Readonly<Partial<Record<NetworkName, Checkpoint>>> = {
  bitcoin: { height: 295000, hashHex: '00000000000000004d9b4ef50f0f9d686fd69db2e03af35a100370c64632a983' },
  testnet: { height: 546, hashHex: '000000002a936ca763904c3c35fce2f3556c559c0214345d31b1bcebf76acb70' },
};

/** Optional overrides of the two knobs. */
export interface ConsensusOverrides {
  readonly checkpoint?: Checkpoint | null;
  readonly minimumChainWork?: bigint;
}

/** The consensus parameters of `network` (no checkpoint and no minimum work unless overridden). */
export function consensusParams(network: NetworkName, overrides: ConsensusOverrides = {}): ConsensusParams {
  const r = RULES[network];
  const net = networkParams(network);
  return {
    network,
    powLimit: r.powLimit,
    powLimitBits: targetToCompact(r.powLimit),
    targetTimespanS: TIMESPAN_S,
    targetSpacingS: SPACING_S,
    allowMinDifficultyBlocks: r.allowMin,
    noRetargeting: r.noRetarget,
    enforceBip94: r.bip94,
    bip34Height: r.bip34,
    bip66Height: r.bip66,
    bip65Height: r.bip65,
    genesis: net.genesis,
    genesisHashHex: net.genesisHashHex,
    checkpoint: overrides.checkpoint ?? null,
    minimumChainWork: overrides.minimumChainWork ?? 0n,
    signetChallengeHex: network === 'signet' ? SIGNET_CHALLENGE : null,
  };
}
