// One address-book entry and Core's judgements on it (Core: addrman_impl.h AddrInfo, addrman.cpp
// AddrInfo::IsTerrible and AddrInfo::GetChance). Times are Millis; 0 means "never".
import type { NetAddr } from '../protocol/netaddr.js';
import type { Candidate } from './api.js';
import type { Millis } from '../shared/time.js';
import {
  ATTEMPT_CHANCE_BASE, ATTEMPT_CHANCE_CAP, FUTURE_SLACK_MS, HORIZON_MS, MAX_FAILURES, MIN_FAIL_MS,
  RECENT_TRY_GRACE_MS, RECENT_TRY_MS, RETRIES,
} from './constants.js';

/** An address with its statistics (Core: AddrInfo). */
export interface AddrInfo {
  readonly addr: NetAddr;
  /** Map key (see addrKey). */
  readonly key: string | number;
  /** The address's network group (cached). */
  readonly group: string;
  services: bigint;
  /** Last time the address was announced or seen (Core: nTime). */
  timeMs: Millis;
  /** Last connection attempt (Core: m_last_try). */
  lastTryMs: Millis;
  /** Last successful handshake (Core: m_last_success). */
  lastSuccessMs: Millis;
  /** Last attempt that counted as a failure (Core: m_last_count_attempt). */
  lastCountAttemptMs: Millis;
  /** Failed attempts since the last success (Core: nAttempts). */
  attempts: number;
  /** In the tried table (Core: fInTried). */
  inTried: boolean;
  /** New-table buckets referencing this entry (Core keeps only nRefCount; Canopy keeps the buckets). */
  newBuckets: number[];
  /** The Candidate last handed out by select (cached; null until then). */
  /** Cached select() answer; set to null by every change of services or table. */
  candidate: Candidate | null;
}

const NETWORK_CHAR: Readonly<Record<NetAddr['network'], number>> = { ipv4: 1, ipv6: 2, onion: 4, i2p: 5, cjdns: 6 };

/** BIP155 network id of each network (for keys and hashing). */
export const NETWORK_ID = NETWORK_CHAR;

/** The map key of an address: a number for IPv4 (address × 65536 + port, exact in a double), else a short string. */
export function addrKey(addr: NetAddr): string | number {
  const b = addr.bytes;
  if (addr.network === 'ipv4') return ((((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0) * 65536 + addr.port;
  let s = String.fromCharCode(NETWORK_CHAR[addr.network], addr.port >> 8, addr.port & 0xff);
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

/** True when the entry is not worth keeping or dialling (Core: AddrInfo::IsTerrible). */
export function isTerrible(info: AddrInfo, now: Millis): boolean {
  if (info.lastTryMs !== 0 && info.lastTryMs >= now - RECENT_TRY_GRACE_MS) return false;
  if (info.timeMs > now + FUTURE_SLACK_MS) return true;
  if (now - info.timeMs > HORIZON_MS) return true;
  if (info.lastSuccessMs === 0 && info.attempts >= RETRIES) return true;
  if (now - info.lastSuccessMs > MIN_FAIL_MS && info.attempts >= MAX_FAILURES) return true;
  return false;
}

/** ATTEMPT_CHANCE_BASE ** n for n = 0 … ATTEMPT_CHANCE_CAP (no Math.pow per draw). */
const CHANCE_BY_ATTEMPTS = Array.from({ length: ATTEMPT_CHANCE_CAP + 1 }, (_, n) => ATTEMPT_CHANCE_BASE ** n);

/** The relative chance of picking the entry (Core: AddrInfo::GetChance). */
export function selectionChance(info: AddrInfo, now: Millis): number {
  const chance = CHANCE_BY_ATTEMPTS[Math.min(info.attempts, ATTEMPT_CHANCE_CAP)] ?? 0;
  return now - info.lastTryMs < RECENT_TRY_MS ? chance * 0.01 : chance;
}
