// One address-book entry and Core's judgement on it (Core: addrman_impl.h AddrInfo, addrman.cpp
// AddrInfo::IsTerrible; GetChance is in selection-state.ts). Times are Millis; 0 means "never".
import type { NetAddr } from '../protocol/netaddr.js';
import type { Millis } from '../shared/time.js';
import { FUTURE_SLACK_MS, HORIZON_MS, MAX_FAILURES, MIN_FAIL_MS, RECENT_TRY_GRACE_MS, RETRIES } from './constants.js';

/** An address with its statistics (Core: AddrInfo). Its time (Core: nTime) lives only in the book's
 * AnnounceState. The book mirrors attempts, lastTryMs, services and the table in its SelectionState,
 * and services and the table in its AnnounceState: change them through the book's methods (or call
 * syncSelection). */
export interface AddrInfo {
  readonly addr: NetAddr;
  /** The address's network group (cached). */
  readonly group: string;
  services: bigint;
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
}

const NETWORK_CHAR: Readonly<Record<NetAddr['network'], number>> = { ipv4: 1, ipv6: 2, onion: 4, i2p: 5, cjdns: 6 };

/** BIP155 network id of each network (for keys and hashing). */
export const NETWORK_ID = NETWORK_CHAR;

/** The map key of an address as a short string: network, port, bytes (the book indexes IPv4 by Ipv4Index). */
export function addrKey(addr: NetAddr): string {
  const b = addr.bytes;
  let s = String.fromCharCode(NETWORK_CHAR[addr.network], addr.port >> 8, addr.port & 0xff);
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

/** True when two addresses are the same endpoint (network, bytes and port). */
export function sameEndpoint(a: NetAddr, b: NetAddr): boolean {
  if (a.port !== b.port || a.network !== b.network || a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

/** True when the entry is not worth keeping or dialling (Core: AddrInfo::IsTerrible); `timeMs` is
 * the entry's time (Core: nTime), which the book keeps in its AnnounceState. */
export function isTerrible(info: AddrInfo, timeMs: Millis, now: Millis): boolean {
  if (info.lastTryMs !== 0 && info.lastTryMs >= now - RECENT_TRY_GRACE_MS) return false;
  if (timeMs > now + FUTURE_SLACK_MS) return true;
  if (now - timeMs > HORIZON_MS) return true;
  return terribleByAttempts(info, now);
}

/** isTerrible for an entry with fewer than RETRIES attempts, whose attempt rules cannot hold (RETRIES
 * ≤ MAX_FAILURES): only its last try and its time count, so the book can answer from flat arrays. */
export function isTerribleBeforeRetries(lastTryMs: Millis, timeMs: Millis, now: Millis): boolean {
  if (lastTryMs !== 0 && lastTryMs >= now - RECENT_TRY_GRACE_MS) return false;
  return timeMs > now + FUTURE_SLACK_MS || now - timeMs > HORIZON_MS;
}

/** The attempt rules of isTerrible (Core: too many failures with no success, or since the last one). */
function terribleByAttempts(info: AddrInfo, now: Millis): boolean {
  if (info.lastSuccessMs === 0 && info.attempts >= RETRIES) return true;
  if (now - info.lastSuccessMs > MIN_FAIL_MS && info.attempts >= MAX_FAILURES) return true;
  return false;
}
