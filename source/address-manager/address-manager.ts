// The address manager (Bitcoin Core's addrman, written fresh): a new table of 1024 × 64 slots for
// addresses heard about and a tried table of 256 × 64 for addresses we connected to, bucketed by a
// keyed hash of the address, its network group and its source's group, so one source cannot fill the
// book. Entry lifecycle:
//
//   add() ──► NEW (1..8 bucket refs) ──good()──► TRIED ◄──┐
//              ▲   │ slot taken by a non-terrible entry    │ tried slot taken: queued as a collision;
//              │   └─► dropped                             │ resolveCollisions() evicts the old one
//              └──────── evicted from tried ───────────────┘ unless it proved alive (test-before-evict)
//
// Simplification (documented): an entry evicted from tried goes back to new with its own group as the
// source group (Core remembers the original source). Selection (select.ts) skips banned entries;
// terrible ones are dropped by forgetTerrible (hourly from resolveCollisions) and left out of sample()
// (queries.ts). The entries and tables themselves live in book-tables.ts. Pure: time comes in as
// `now`, randomness from the injected Random.
import type { NetAddr } from '../protocol/netaddr.js';
import type { AddrEntry } from '../protocol/types.js';
import type { Millis } from '../shared/time.js';
import type { AddressBook, AddressBookStats, AddressSource, BanEntry, Candidate, SelectOptions } from './api.js';
import type { AddrInfo } from './addr-info.js';
import { isTerrible, isTerribleBeforeRetries, sameEndpoint } from './addr-info.js';
import { BanList } from './ban-list.js';
import { BookTables, type BookTablesOptions } from './book-tables.js';
import {
  BUCKET_SIZE, CLAMPED_AGE_MS, CONNECTED_UPDATE_INTERVAL_MS, FUTURE_SLACK_MS, HORIZON_MS, MAX_FUTURE_ADDR_MS,
  MAX_PCT_ADDR_TO_SEND, MIN_SANE_ADDR_TIME_S, NEW_BUCKETS_PER_ADDRESS, OFFLINE_UPDATE_INTERVAL_MS,
  ONLINE_UPDATE_INTERVAL_MS, ONLINE_WINDOW_MS, PEER_TIME_PENALTY_MS, RETRIES, SET_TRIED_COLLISION_SIZE,
  TERRIBLE_SWEEP_INTERVAL_MS,
} from './constants.js';
import { ipv4ValueUnroutableReason, networkGroup, unroutableReason } from './netgroup.js';
import { ipv4Value } from './ipv4-index.js';
import { AddrBatch } from '../protocol/addr-batch.js';
import { selectEntry } from './select.js';
import { serializeBook } from './serialize.js';
import { countByNetwork, sampleEntries } from './queries.js';
import { collisionVerdict } from './tried-collision.js';

/** How to build an address manager. */
export type AddressManagerOptions = BookTablesOptions;

function sourceGroup(source: AddressSource, allowPrivate: boolean): string {
  switch (source.kind) {
    case 'peer': return networkGroup(source.addr, allowPrivate);
    case 'dns': return `dns:${source.seed}`;
    case 'fixed': return 'fixed';
    case 'user': return 'user';
  }
}

/** Core's addrman: implements AddressBook on top of the book's tables. */
export class AddressManager extends BookTables implements AddressBook {
  /** The ban list. */
  readonly bans = new BanList();
  /** Last successful connection (Core: m_last_good). */
  lastGoodMs: Millis = 1;
  private readonly collisions = new Set<number>();
  private latestNow: Millis = 0;
  /** Reused to hold the entries of an add() given as an array. */
  private readonly scratch = new AddrBatch();
  private lastSweepMs: Millis = 0;

  /** Deletes an entry and forgets its pending tried collision. */
  protected override deleteEntry(id: number): void {
    super.deleteEntry(id);
    this.collisions.delete(id);
  }

  private seen(now: Millis): void {
    if (now > this.latestNow) this.latestNow = now;
  }

  /** Clamps a wire timestamp (Unix seconds) as Core's net_processing does; returns Millis. */
  static clampTime(timeS: number, now: Millis): Millis {
    const t = timeS * 1000;
    if (!(timeS > MIN_SANE_ADDR_TIME_S) || t > now + MAX_FUTURE_ADDR_MS) return now - CLAMPED_AGE_MS;
    return t;
  }

  /** The update part of Core's AddSingle for entry i of a batch announcing known entry `id`: time
   * and services, then the tests that end most announcements. True when the announcement ends here;
   * false when it goes on to the bucket test. */
  private settleKnown(batch: AddrBatch, i: number, id: number, timeMs: Millis, penaltyMs: Millis, now: Millis): boolean {
    // Time, services and placement are read from the AnnounceState slot; the entry object is touched
    // only when the services grow.
    let knownMs = this.announce.time(id);
    const online = now - timeMs < ONLINE_WINDOW_MS;
    const interval = online ? ONLINE_UPDATE_INTERVAL_MS : OFFLINE_UPDATE_INTERVAL_MS;
    if (knownMs < timeMs - interval - penaltyMs) {
      knownMs = Math.max(0, timeMs - penaltyMs);
      this.announce.setTime(id, knownMs);
    }
    if (!this.announce.coversBits(id, batch.lowServices(i))) {
      const info = this.infos[id] as AddrInfo;
      const services = info.services | batch.services(i);
      if (services !== info.services) { info.services = services; this.selection.dropCandidate(id); }
      this.announce.setServices(id, services);
    }
    if (timeMs <= knownMs) return true;
    const newRefs = this.announce.newRefs(id); // −1 when in tried
    if (newRefs < 0 || newRefs >= NEW_BUCKETS_PER_ADDRESS) return true;
    const factor = 1 << newRefs;
    return factor > 1 && this.random.nextInt(factor) !== 0;
  }

  /** The bucket test of Core's AddSingle for entry i of a batch (`id` −1 when the address is unknown):
   * places it in its new-table slot when that slot is free or its occupant gives way; true when the
   * address is new to the book. */
  private placeAnnounced(batch: AddrBatch, i: number, id: number, timeMs: Millis, srcGroup: string, penaltyMs: Millis, now: Millis): boolean {
    const isNew = id < 0;
    // The slot is found before a new entry exists: Core creates the entry and deletes it again when
    // the slot is taken; skipping that leaves the same ids and tables (a freed id would be reused next).
    // An IPv4 address is placed from the batch's value and port: no AddrInfo, NetAddr or group is read.
    const value = batch.ipv4[i] as number;
    const addr = batch.isIpv4(i) ? null : batch.addr(i);
    let bucket: number;
    if (addr === null) bucket = this.bucketing.newBucketIpv4(value, srcGroup); // routable here: grouped by /16
    else bucket = this.bucketing.newBucket(isNew ? networkGroup(addr, this.allowPrivateAddresses) : (this.infos[id] as AddrInfo).group, srcGroup);
    const position = addr === null ? this.bucketing.positionIpv4(true, bucket, value, batch.port[i] as number) : this.bucketing.position(true, bucket, addr);
    const slot = bucket * BUCKET_SIZE + position;
    const occupant = this.newTable[slot] ?? -1;
    if (!isNew && occupant === id) return false;
    const refs = isNew ? 0 : this.announce.newRefs(id);
    // Core: the occupant gives way when it is terrible, or when it has other references and this
    // address none. Read from the flat arrays (the occupant is in new, so newRefs is its bucket count).
    const insert = occupant < 0 || (refs === 0 && this.announce.newRefs(occupant) > 1) || this.terribleAt(occupant, now);
    if (!insert) {
      if (!isNew && refs === 0) this.deleteEntry(id);
      return false;
    }
    // Created before the slot is cleared, so it does not take the id the occupant may free.
    const placed = isNew ? this.createEntry(batch.addr(i), batch.services(i), Math.max(0, timeMs - penaltyMs)) : id;
    this.clearNewSlot(slot);
    this.placeNew(placed, slot);
    return isNew;
  }

  /** isTerrible of a live entry; from the flat arrays when fewer than RETRIES attempts leave only its
   * last try and time to judge (checked against isTerrible by the address-manager properties). */
  private terribleAt(id: number, now: Millis): boolean {
    const timeMs = this.announce.time(id);
    if (this.selection.attemptsBelow(id, RETRIES)) return isTerribleBeforeRetries(this.selection.lastTry(id), timeMs, now);
    const info = this.infos[id];
    return info !== undefined && isTerrible(info, timeMs, now);
  }

  /** {@inheritDoc AddressBook.add} */
  add(entries: readonly AddrEntry[] | AddrBatch, source: AddressSource, now: Millis): number {
    this.seen(now);
    const batch = entries instanceof AddrBatch ? entries : this.scratch.fill(entries);
    const srcGroup = sourceGroup(source, this.allowPrivateAddresses);
    const srcAddr = source.kind === 'peer' ? source.addr : null;
    // The source as value and port when it is IPv4 (the self test below).
    const srcIpv4 = srcAddr !== null && srcAddr.network === 'ipv4' ? ipv4Value(srcAddr.bytes) : -1;
    this.warm(batch);
    const allowPrivate = this.allowPrivateAddresses;
    let added = 0;
    // Core's AddSingle per entry: the lookup and the update of a known address run here, in the loop
    // (most announcements end there); the others go on to the bucket test.
    for (let i = 0; i < batch.count; i++) {
      const value = batch.ipv4[i] as number, port = batch.port[i] as number;
      const addr = batch.isIpv4(i) ? null : batch.addr(i);
      let id: number;
      // An IPv4 entry is looked up by its value and port: no NetAddr unless it becomes a new entry.
      if (addr === null) {
        if (ipv4ValueUnroutableReason(value, allowPrivate) !== null) continue;
        // warm() looked it up; the answer holds while no entry has entered or left the IPv4 index since.
        id = this.warmChanges === this.ipv4Changes ? this.warmIds[i] as number : this.idOfIpv4(value, port);
      } else {
        if (unroutableReason(addr, allowPrivate) !== null) continue;
        id = this.idOf(addr);
      }
      // Core: no time penalty for a peer's announcement of itself.
      const self = srcAddr !== null && (addr === null ? srcIpv4 === value && srcAddr.port === port : srcIpv4 < 0 && sameEndpoint(srcAddr, addr));
      const penaltyMs = srcAddr !== null && !self ? PEER_TIME_PENALTY_MS : 0;
      const timeMs = AddressManager.clampTime(batch.time[i] as number, now);
      if (id >= 0 && this.settleKnown(batch, i, id, timeMs, penaltyMs, now)) continue;
      if (this.placeAnnounced(batch, i, id, timeMs, srcGroup, penaltyMs, now)) added++;
    }
    return added;
  }

  /** {@inheritDoc AddressBook.attempt} */
  attempt(addr: NetAddr, countFailure: boolean, now: Millis): void {
    this.seen(now);
    const id = this.idOf(addr);
    const info = id < 0 ? undefined : this.infos[id];
    if (!info) return;
    info.lastTryMs = now;
    if (countFailure && info.lastCountAttemptMs < this.lastGoodMs) {
      info.lastCountAttemptMs = now;
      info.attempts++;
    }
    this.syncSelection(id);
  }

  /** Moves an entry from new to tried, evicting the tried occupant back to new (Core: MakeTried);
   * `slot` is the entry's tried slot (triedSlot), which the caller has computed. */
  private makeTried(id: number, slot: number): void {
    const info = this.infos[id];
    if (!info || info.inTried) return;
    for (const bucket of [...info.newBuckets]) {
      const slot = this.newSlot(bucket, info);
      if (this.newTable[slot] === id) this.newTable[slot] = -1;
    }
    if (info.newBuckets.length > 0) this.newCount--;
    info.newBuckets = [];
    const oldId = this.triedTable[slot] ?? -1;
    const old = oldId >= 0 ? this.infos[oldId] : undefined;
    if (old) {
      this.triedTable[slot] = -1;
      old.inTried = false;
      this.selection.dropCandidate(oldId);
      this.triedCount--;
      const newSlot = this.newSlot(this.newBucketFor(old, old.group), old);
      this.clearNewSlot(newSlot);
      this.placeNew(oldId, newSlot);
    }
    this.placeTried(id, slot);
  }

  private goodInternal(id: number, now: Millis, testBeforeEvict: boolean): void {
    const info = this.infos[id];
    if (!info) return;
    this.lastGoodMs = now;
    info.lastSuccessMs = now;
    info.lastTryMs = now;
    info.attempts = 0;
    this.syncSelection(id);
    if (info.inTried || info.newBuckets.length === 0) return;
    const slot = this.triedSlot(info);
    const occupant = this.triedTable[slot] ?? -1;
    if (testBeforeEvict && occupant >= 0 && occupant !== id) {
      if (this.collisions.size < SET_TRIED_COLLISION_SIZE) this.collisions.add(id);
      return;
    }
    this.makeTried(id, slot);
  }

  /** {@inheritDoc AddressBook.good} */
  good(addr: NetAddr, now: Millis): void {
    this.seen(now);
    const id = this.idOf(addr);
    if (id >= 0) this.goodInternal(id, now, true);
  }

  /** {@inheritDoc AddressBook.connected} */
  connected(addr: NetAddr, now: Millis): void {
    this.seen(now);
    const id = this.idOf(addr);
    if (id >= 0 && now - this.announce.time(id) > CONNECTED_UPDATE_INTERVAL_MS) this.announce.setTime(id, now);
  }

  /** {@inheritDoc AddressBook.setServices} */
  setServices(addr: NetAddr, services: bigint): void {
    const id = this.idOf(addr);
    const info = id < 0 ? undefined : this.infos[id];
    if (info) { info.services = services; this.selection.dropCandidate(id); this.announce.setServices(id, services); }
  }

  /** {@inheritDoc AddressBook.select} */
  select(options: SelectOptions, now: Millis): Candidate | null {
    this.seen(now);
    return selectEntry(this, options, now, this.newCount, this.triedCount);
  }

  /** True when select may offer the entry: not banned. (Core's Select_ does not skip terrible entries —
   * after a long downtime every entry looks stale — they are forgotten by forgetTerrible instead.) */
  usable(info: AddrInfo, now: Millis): boolean {
    return !this.bans.isBanned(info.addr, now);
  }

  /** {@inheritDoc AddressBook.selectTriedCollision} */
  selectTriedCollision(now: Millis): Candidate | null {
    this.seen(now);
    if (this.collisions.size === 0) return null;
    const ids = [...this.collisions];
    const id = ids[this.random.nextInt(ids.length)] ?? -1;
    const info = this.infos[id];
    if (!info) {
      this.collisions.delete(id);
      return null;
    }
    const old = this.infos[this.triedTable[this.triedSlot(info)] ?? -1];
    return old ? { addr: old.addr, services: old.services, tried: true, group: old.group } : null;
  }

  /** {@inheritDoc AddressBook.resolveCollisions} */
  resolveCollisions(now: Millis): void {
    this.seen(now);
    // Copied only when there is something to settle (the loop deletes from the set); most passes have none.
    if (this.collisions.size > 0) for (const id of [...this.collisions]) {
      const info = this.infos[id];
      if (!info) { this.collisions.delete(id); continue; }
      const old = this.infos[this.triedTable[this.triedSlot(info)] ?? -1];
      const verdict = old ? collisionVerdict(info, old, now) : 'evict';
      if (verdict === 'evict') this.goodInternal(id, now, false);
      if (verdict !== 'wait') this.collisions.delete(id);
    }
    if (now - this.lastSweepMs >= TERRIBLE_SWEEP_INTERVAL_MS) {
      this.lastSweepMs = now;
      this.forgetTerrible(now);
    }
  }

  /** Pending tried collisions (for tests and the dashboard). */
  pendingCollisions(): number {
    return this.collisions.size;
  }

  /** Forgets terrible new-table entries (horizon, retries, failures, future times); returns how many. */
  forgetTerrible(now: Millis): number {
    // Walks the live entries (not the 65,536 new-table slots) and clears each terrible one's slots.
    let removed = 0;
    for (let id = 0; id < this.infos.length; id++) {
      const info = this.infos[id];
      if (info === undefined) continue;
      // From the flat arrays first: with fewer than RETRIES attempts and a time that is neither too
      // old nor in the future, isTerrible cannot hold, and the entry object is not read. (This needs
      // RETRIES ≤ MAX_FAILURES and RETRIES ≤ ATTEMPT_CHANCE_CAP; its property test checks both.)
      const timeMs = this.announce.time(id);
      if (timeMs <= now + FUTURE_SLACK_MS && now - timeMs <= HORIZON_MS && this.selection.attemptsBelow(id, RETRIES)) continue;
      if (info.inTried || info.newBuckets.length === 0 || !isTerrible(info, timeMs, now)) continue;
      for (const bucket of info.newBuckets.slice()) {
        const slot = this.newSlot(bucket, info);
        if (this.newTable[slot] === id) this.clearNewSlot(slot);
      }
      if (this.infos[id] === undefined) removed++;
    }
    return removed;
  }

  /** {@inheritDoc AddressBook.groupOf} */
  groupOf(addr: NetAddr): string {
    return networkGroup(addr, this.allowPrivateAddresses);
  }

  /** {@inheritDoc AddressBook.isRoutable} */
  isRoutable(addr: NetAddr): boolean {
    return unroutableReason(addr, this.allowPrivateAddresses) === null;
  }

  /** {@inheritDoc AddressBook.ban} */
  ban(subnet: string, until: Millis, reason: string, now: Millis): boolean {
    this.seen(now);
    return this.bans.ban(subnet, now, until, reason);
  }

  /** {@inheritDoc AddressBook.unban} */
  unban(subnet: string): boolean {
    return this.bans.unban(subnet);
  }

  /** {@inheritDoc AddressBook.clearBans} */
  clearBans(): void {
    this.bans.clear();
  }

  /** {@inheritDoc AddressBook.isBanned} */
  isBanned(addr: NetAddr, now: Millis): boolean {
    return this.bans.isBanned(addr, now);
  }

  /** {@inheritDoc AddressBook.listBans} */
  listBans(now: Millis): readonly BanEntry[] {
    return this.bans.list(now);
  }

  /** {@inheritDoc AddressBook.sample} `now` defaults to the latest time the book was given. */
  sample(count: number, network?: NetAddr['network'], now: Millis = this.latestNow): readonly AddrEntry[] {
    return sampleEntries(this, count, network, now);
  }

  /** Addresses for a getaddr answer: at most `maxCount` and 23 % of the book (Core: net.cpp GetAddresses). */
  getAddrAnswer(maxCount: number, now: Millis = this.latestNow): readonly AddrEntry[] {
    return this.sample(Math.min(maxCount, Math.floor((this.size() * MAX_PCT_ADDR_TO_SEND) / 100)), undefined, now);
  }

  /** {@inheritDoc AddressBook.stats} */
  stats(now: Millis): AddressBookStats {
    return { new: this.newCount, tried: this.triedCount, banned: this.bans.list(now).length, byNetwork: countByNetwork(this.infos) };
  }

  /** {@inheritDoc AddressBook.tableCounts} */
  tableCounts(): { readonly new: number; readonly tried: number } {
    return { new: this.newCount, tried: this.triedCount };
  }

  /** {@inheritDoc AddressBook.size} */
  size(): number {
    return this.newCount + this.triedCount;
  }

  /** {@inheritDoc AddressBook.serialize} */
  serialize(): Uint8Array {
    return serializeBook(this);
  }
}
