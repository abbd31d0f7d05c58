// Core's test-before-evict rule for a tried-table collision (addrman.cpp ResolveCollisions_): when an
// address earns a tried slot that another address holds, the holder is probed (a feeler) and evicted
// only if the probe failed or nobody probed it in time. Pure.
import type { Millis } from '../shared/time.js';
import type { AddrInfo } from './addr-info.js';
import { RECENT_TRY_GRACE_MS, REPLACEMENT_MS, TEST_WINDOW_MS } from './constants.js';

/** What to do with a pending collision: move the newcomer in, drop its claim, or wait for the probe. */
export type CollisionVerdict = 'evict' | 'keep' | 'wait';

/** The verdict for `newcomer`'s claim on the tried slot `holder` occupies. */
export function collisionVerdict(newcomer: AddrInfo, holder: AddrInfo, now: Millis): CollisionVerdict {
  // The holder connected recently: keep it, drop the newcomer's claim.
  if (now - holder.lastSuccessMs < REPLACEMENT_MS) return 'keep';
  // Tried (and not succeeded) recently: after a minute's grace the probe counts as failed.
  if (now - holder.lastTryMs < REPLACEMENT_MS) return now - holder.lastTryMs > RECENT_TRY_GRACE_MS ? 'evict' : 'wait';
  // Nobody probed the holder within the window: evict it (Core does the same).
  return now - newcomer.lastSuccessMs > TEST_WINDOW_MS ? 'evict' : 'wait';
}
