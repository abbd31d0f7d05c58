// The address manager's constants, each with its value and its origin in Bitcoin Core
// (src/addrman_impl.h, src/addrman.cpp, src/net_processing.cpp). Units are in the names.
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.js';

/** Buckets in the tried table. Core: ADDRMAN_TRIED_BUCKET_COUNT (1 << 8). */
export const TRIED_BUCKET_COUNT = 256;
/** Buckets in the new table. Core: ADDRMAN_NEW_BUCKET_COUNT (1 << 10). */
export const NEW_BUCKET_COUNT = 1024;
/** Slots per bucket. Core: ADDRMAN_BUCKET_SIZE (1 << 6). */
export const BUCKET_SIZE = 64;
/** Tried buckets one address group may spread over. Core: ADDRMAN_TRIED_BUCKETS_PER_GROUP. */
export const TRIED_BUCKETS_PER_GROUP = 8;
/** New buckets one source group may spread over. Core: ADDRMAN_NEW_BUCKETS_PER_SOURCE_GROUP. */
export const NEW_BUCKETS_PER_SOURCE_GROUP = 64;
/** Maximum new-table references of one address. Core: ADDRMAN_NEW_BUCKETS_PER_ADDRESS. */
export const NEW_BUCKETS_PER_ADDRESS = 8;
/** Not seen for this long → terrible. Core: ADDRMAN_HORIZON (30 days). */
export const HORIZON_MS = 30 * DAY_MS;
/** Failed attempts, never a success → terrible. Core: ADDRMAN_RETRIES. */
export const RETRIES = 3;
/** Failures within MIN_FAIL → terrible. Core: ADDRMAN_MAX_FAILURES. */
export const MAX_FAILURES = 10;
/** Window of MAX_FAILURES. Core: ADDRMAN_MIN_FAIL (7 days). */
export const MIN_FAIL_MS = 7 * DAY_MS;
/** A tried entry that succeeded within this is never evicted. Core: ADDRMAN_REPLACEMENT (4 hours). */
export const REPLACEMENT_MS = 4 * HOUR_MS;
/** Pending tried collisions kept at most. Core: ADDRMAN_SET_TRIED_COLLISION_SIZE. */
export const SET_TRIED_COLLISION_SIZE = 10;
/** Test-before-evict window. Core: ADDRMAN_TEST_WINDOW (40 minutes). */
export const TEST_WINDOW_MS = 40 * MINUTE_MS;
/** Tried this recently → never terrible. Core: IsTerrible "never remove things tried in the last minute". */
export const RECENT_TRY_GRACE_MS = MINUTE_MS;
/** A timestamp this far in the future → terrible. Core: IsTerrible (10 minutes). */
export const FUTURE_SLACK_MS = 10 * MINUTE_MS;
/** Tried within this → chance ×0.01. Core: AddrInfo::GetChance (10 minutes). */
export const RECENT_TRY_MS = 10 * MINUTE_MS;
/** Chance multiplier per failed attempt. Core: GetChance pow(0.66, min(nAttempts, 8)). */
export const ATTEMPT_CHANCE_BASE = 0.66;
/** Attempts counted at most by the chance. Core: GetChance min(nAttempts, 8). */
export const ATTEMPT_CHANCE_CAP = 8;
/** Growth of the chance factor per rejected draw. Core: Select_ chance_factor *= 1.2. */
export const CHANCE_FACTOR_GROWTH = 1.2;
/** Time penalty for addresses relayed by peers. Core: net_processing.cpp ProcessMessage addr (2 hours). */
export const PEER_TIME_PENALTY_MS = 2 * HOUR_MS;
/** Timestamps later than now + this are clamped. Core: net_processing.cpp addr handling (10 minutes). */
export const MAX_FUTURE_ADDR_MS = 10 * MINUTE_MS;
/** A clamped or absurd timestamp becomes now − this. Core: net_processing.cpp (5 days). */
export const CLAMPED_AGE_MS = 5 * DAY_MS;
/** Timestamps at or below this (Unix seconds) are treated as absurd. Core: net_processing.cpp (100000000). */
export const MIN_SANE_ADDR_TIME_S = 100_000_000;
/** Connected() refreshes nTime only when older than this. Core: Connected_ nUpdateInterval (20 minutes). */
export const CONNECTED_UPDATE_INTERVAL_MS = 20 * MINUTE_MS;
/** An address seen within this counts as currently online. Core: AddSingle fCurrentlyOnline (24 hours). */
export const ONLINE_WINDOW_MS = DAY_MS;
/** Time update interval for an online address. Core: AddSingle (1 hour). */
export const ONLINE_UPDATE_INTERVAL_MS = HOUR_MS;
/** Time update interval otherwise. Core: AddSingle (24 hours). */
export const OFFLINE_UPDATE_INTERVAL_MS = DAY_MS;
/** Random draws in select() before falling back to a full scan (Canopy: bounded work). */
export const SELECT_MAX_DRAWS = 256;
/** Share of addresses a getaddr answer may hold. Core: net.cpp MAX_PCT_ADDR_TO_SEND (23 %). */
export const MAX_PCT_ADDR_TO_SEND = 23;
/** Sweep of terrible entries at most this often, from resolveCollisions (Canopy). */
export const TERRIBLE_SWEEP_INTERVAL_MS = HOUR_MS;
