// The contract between the engine and the address manager (implemented in address-manager.ts).
// Pure: every call that depends on time takes `now`; randomness comes from the Random given at creation.
import type { Millis } from '../shared/time.js';
import type { NetAddr } from '../protocol/netaddr.js';
import type { AddrEntry } from '../protocol/types.js';
import type { AddrBatch } from '../protocol/addr-batch.js';

/** Where an address came from (affects bucketing and statistics). */
export type AddressSource = { readonly kind: 'peer'; readonly addr: NetAddr } | { readonly kind: 'dns'; readonly seed: string } | { readonly kind: 'fixed' } | { readonly kind: 'user' };

/** A candidate returned by select. */
export interface Candidate {
  readonly addr: NetAddr;
  readonly services: bigint;
  readonly tried: boolean;
  /** The address's network group (Core: GetGroup), as groupOf gives it. */
  readonly group: string;
}

/** Options for select. */
export interface SelectOptions {
  /** Only from the new table (feelers). */
  readonly newOnly?: boolean;
  /** Extra acceptance test: not connected, not in flight, services, network group, … */
  readonly accept?: (c: Candidate) => boolean;
  /** Networks the dialer can reach (e.g. ipv4/ipv6 without a proxy). */
  readonly networks?: ReadonlySet<NetAddr['network']>;
}

/** Table and ban statistics for the dashboard and getaddrmaninfo. */
export interface AddressBookStats {
  readonly new: number;
  readonly tried: number;
  readonly banned: number;
  readonly byNetwork: Readonly<Record<string, { readonly new: number; readonly tried: number }>>;
}

/** A ban on an address or subnet. */
export interface BanEntry {
  readonly subnet: string;
  readonly createdAt: Millis;
  readonly until: Millis;
  readonly reason: string;
}

/** The address manager as the engine uses it. */
export interface AddressBook {
  /** Adds entries (wire values: time u32 seconds, services u64; time clamped, unroutable rejected per
   * network); returns how many were new. */
  add(entries: readonly AddrEntry[] | AddrBatch, source: AddressSource, now: Millis): number;
  /** Records a connection attempt before dialling; `countFailure` when the last try counts as failed. */
  attempt(addr: NetAddr, countFailure: boolean, now: Millis): void;
  /** A successful handshake: moves the address to tried (test-before-evict on collision). */
  good(addr: NetAddr, now: Millis): void;
  /** A connection that was up is closing: refreshes its last-seen time. */
  connected(addr: NetAddr, now: Millis): void;
  /** Updates the services an address advertises (learnt from its version message). */
  setServices(addr: NetAddr, services: bigint): void;
  /** Picks an address to dial, or null when nothing acceptable is known. */
  select(options: SelectOptions, now: Millis): Candidate | null;
  /** A tried-table collision waiting for test-before-evict, to dial as a feeler; null when none. */
  selectTriedCollision(now: Millis): Candidate | null;
  /** Settles pending collisions (evicts or keeps, by the feeler outcomes and timeouts). */
  resolveCollisions(now: Millis): void;
  /** The network group key (/16 IPv4, /32 IPv6, per-network for Tor/I2P/CJDNS). */
  groupOf(addr: NetAddr): string;
  /** True when the address may be stored/dialled on this network (routable, or regtest). */
  isRoutable(addr: NetAddr): boolean;
  /** Bans an address or subnet ("1.2.3.4", "1.2.0.0/16", "[::1]") until `until`. Returns false for an unparsable subnet. */
  ban(subnet: string, until: Millis, reason: string, now: Millis): boolean;
  /** Lifts a ban; false when none matched. */
  unban(subnet: string): boolean;
  /** Lifts all bans. */
  clearBans(): void;
  /** True when a live ban covers the address. */
  isBanned(addr: NetAddr, now: Millis): boolean;
  /** Live bans (expired ones are dropped). */
  listBans(now: Millis): readonly BanEntry[];
  /** Up to `count` random known addresses (for getnodeaddresses / getaddr answers). */
  sample(count: number, network?: NetAddr['network']): readonly AddrEntry[];
  /** Counts for the UI and API. */
  stats(now: Millis): AddressBookStats;
  /** Total addresses known. */
  size(): number;
  /** Entries in the new and the tried table (stats() without its per-network scan and ban list). */
  tableCounts(): { readonly new: number; readonly tried: number };
  /** Versioned binary serialization (bans included). */
  serialize(): Uint8Array;
}
