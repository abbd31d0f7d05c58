// The ban list: subnets banned until an absolute expiry instant (Core: banman.cpp; Floresta stored a
// duration and got expiry wrong). Expired bans drop out when looked at. Pure.
import type { NetAddr } from '../protocol/netaddr.js';
import type { Millis } from '../shared/time.js';
import type { BanEntry } from './api.js';
import type { Subnet } from './subnet.js';
import { formatSubnet, parseSubnet, subnetContains } from './subnet.js';

/** Bans keyed by their canonical subnet text. */
export class BanList {
  private readonly bans = new Map<string, { readonly subnet: Subnet; readonly entry: BanEntry }>();

  /** Bans `text` until `until`; false when it does not parse. A later ban replaces an earlier one. */
  ban(text: string, createdAt: Millis, until: Millis, reason: string): boolean {
    const subnet = parseSubnet(text);
    if (!subnet) return false;
    const key = formatSubnet(subnet);
    this.bans.set(key, { subnet, entry: { subnet: key, createdAt, until, reason } });
    return true;
  }

  /** Lifts the ban on `text`; false when none matched. */
  unban(text: string): boolean {
    const subnet = parseSubnet(text);
    return subnet !== null && this.bans.delete(formatSubnet(subnet));
  }

  /** Lifts every ban. */
  clear(): void {
    this.bans.clear();
  }

  /** Drops bans whose expiry has passed. */
  sweep(now: Millis): void {
    for (const [key, b] of this.bans) if (b.entry.until <= now) this.bans.delete(key);
  }

  /** True when a live ban covers the address. */
  isBanned(addr: NetAddr, now: Millis): boolean {
    if (this.bans.size === 0) return false;
    for (const b of this.bans.values()) if (b.entry.until > now && subnetContains(b.subnet, addr)) return true;
    return false;
  }

  /** Live bans, oldest first. */
  list(now: Millis): BanEntry[] {
    this.sweep(now);
    return [...this.bans.values()].map((b) => b.entry).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Every stored ban (expired included), for serialization. */
  all(): BanEntry[] {
    return [...this.bans.values()].map((b) => b.entry);
  }

  /** Number of stored bans. */
  get size(): number {
    return this.bans.size;
  }
}
