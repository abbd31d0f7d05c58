// The difficulty rules (Core: pow.cpp GetNextWorkRequired / CalculateNextWorkRequired /
// PermittedDifficultyTransition), evaluated over an abstract view of stored headers by index:
//
//   height+1 not a multiple of 2016 ─► testnet min-difficulty rule? ─► new time > parent + 20 min → powLimit
//        │                                   │                        otherwise walk back over min-difficulty
//        │                                   │                        blocks to the last "real" bits
//        │                                   └─ no ─► parent's bits
//        └─ multiple of 2016 ─► regtest? parent's bits : retarget over the last 2015 intervals
//                               (timespan clamped to [¼, 4×] 14 days; BIP94 scales the period's
//                               FIRST block's bits instead of the last one's), capped at powLimit
import { compactToTarget, targetToCompact } from './bits.js';
import { adjustmentInterval, type ConsensusParams } from './consensus.js';

/** Read access to stored headers by index, as the difficulty rules need it. */
export interface HeaderView {
  height(i: number): number;
  time(i: number): number;
  bits(i: number): number;
  /** Parent index (−1 for genesis). */
  parent(i: number): number;
  /** The ancestor of `i` at `height` (on i's own branch). */
  ancestor(i: number, height: number): number;
}

/**
 * Remembers the testnet walk-back result for one header index, so extending a chain by one header
 * walks one step instead of up to 2015 (the answer for an index never changes: indices are immutable).
 */
export interface WalkMemo {
  index: number;
  bits: number;
}

/** A fresh, empty walk-back memo. */
export function newWalkMemo(): WalkMemo {
  return { index: -1, bits: 0 };
}

/** The nBits a header on top of `last` with timestamp `newTime` must carry (Core: GetNextWorkRequired). */
export function nextWorkRequired(p: ConsensusParams, view: HeaderView, last: number, newTime: number, memo: WalkMemo = newWalkMemo()): number {
  const limitBits = p.powLimitBits;
  const interval = adjustmentInterval(p);
  const nextHeight = view.height(last) + 1;
  if (nextHeight % interval !== 0) {
    if (p.allowMinDifficultyBlocks) {
      // Core: a block more than twice the spacing after its parent may be mined at minimum difficulty.
      if (newTime > view.time(last) + p.targetSpacingS * 2) return limitBits;
      // Otherwise: the bits of the last block that was not a min-difficulty exception.
      let i = last;
      let bits: number;
      for (;;) {
        if (i === memo.index) { bits = memo.bits; break; }
        if (!(view.parent(i) >= 0 && view.height(i) % interval !== 0 && view.bits(i) === limitBits)) { bits = view.bits(i); break; }
        i = view.parent(i);
      }
      memo.index = last;
      memo.bits = bits;
      return bits;
    }
    return view.bits(last);
  }
  const first = view.ancestor(last, nextHeight - interval);
  return calculateNextWorkRequired(p, view, last, view.time(first));
}

/** The retarget at a period boundary (Core: CalculateNextWorkRequired). */
export function calculateNextWorkRequired(p: ConsensusParams, view: HeaderView, last: number, firstBlockTime: number): number {
  if (p.noRetargeting) return view.bits(last);
  let actual = view.time(last) - firstBlockTime;
  if (actual < p.targetTimespanS / 4) actual = p.targetTimespanS / 4;
  if (actual > p.targetTimespanS * 4) actual = p.targetTimespanS * 4;
  let baseBits = view.bits(last);
  if (p.enforceBip94) {
    // BIP94: the period's first block cannot use the min-difficulty exception, so it holds the real difficulty.
    const interval = adjustmentInterval(p);
    baseBits = view.bits(view.ancestor(last, view.height(last) - (interval - 1)));
  }
  let target = (compactToTarget(baseBits).target * BigInt(actual)) / BigInt(p.targetTimespanS);
  if (target > p.powLimit) target = p.powLimit;
  return targetToCompact(target);
}

/**
 * Whether `newBits` at `height` is a possible successor of `oldBits` without knowing the chain
 * (Core: PermittedDifficultyTransition; always true on networks with min-difficulty blocks).
 */
export function permittedDifficultyTransition(p: ConsensusParams, height: number, oldBits: number, newBits: number): boolean {
  if (p.allowMinDifficultyBlocks) return true;
  if (height % adjustmentInterval(p) !== 0) return oldBits === newBits;
  const old = compactToTarget(oldBits).target;
  const largest = min((old * BigInt(p.targetTimespanS * 4)) / BigInt(p.targetTimespanS), p.powLimit);
  const smallest = min((old * BigInt(p.targetTimespanS / 4)) / BigInt(p.targetTimespanS), p.powLimit);
  // Core compares after a round trip through the compact form (which truncates).
  const observed = compactToTarget(newBits).target;
  return observed <= compactToTarget(targetToCompact(largest)).target && observed >= compactToTarget(targetToCompact(smallest)).target;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
