// The connection policy — Floresta's maybe_open_connection, to Core's standard (design.md §3):
//   1. added peers first (manual, own slots, back-off while missing);  2. --connect: nothing else;
//   3. regular slots in batches from the address book (services, one per network group, counting
//      dials in flight);  4. no candidates → DNS seeds (or addr-fetch via the proxy), then fixed
//      seeds after a grace period;  5. one feeler at a time on an exponential timer when full;
//   6. one extra peer when the tip is stale. Pure.
import type { Millis } from '../shared/time.js';
import { parseHost, type NetAddr } from '../protocol/netaddr.js';
import { dnsSeedQueryName } from '../protocol/networks.js';
import { hasServices } from '../protocol/services.js';
import type { AddrEntry } from '../protocol/types.js';
import type { Candidate } from '../address-manager/api.js';
import type { EngineCore } from './core.js';
import { tipView } from './header-sync.js';

/** The acceptance test for regular/extra candidates: services, not busy, not banned, fresh network group. */
function regularAccept(core: EngineCore, now: Millis): (c: Candidate) => boolean {
  // Checked against the live peer table (a dozen peers: a scan costs less than building sets per
  // search). Cheapest tests first: the address text is built only for candidates that pass the
  // services, group and ban tests.
  return (c) => {
    if (!hasServices(c.services, core.options.requiredServices) || core.groupInUse(c.group) || core.book.isBanned(c.addr, now)) return false;
    const text = core.addrText(c.addr);
    return !core.isBusy(text) && !core.triedRecently(text, now);
  };
}

/** Dials missing added peers whose back-off has elapsed. */
function openAddedPeers(core: EngineCore, now: Millis): void {
  let connected = 0;
  for (const entry of core.added.values()) if (entry.peerId !== null) connected++;
  for (const entry of core.added.values()) {
    if (entry.peerId !== null || entry.nextAttemptAt > now || connected >= core.config.maxAddedPeers) continue;
    const target = entry.target.kind === 'addr' ? { kind: 'addr' as const, addr: entry.target.addr } : { kind: 'name' as const, host: entry.target.host, port: entry.target.port };
    if (core.isBusy(entry.key)) continue;
    const peer = core.dial(now, 'manual', target, { addedKey: entry.key });
    entry.peerId = peer.id;
    connected++;
  }
}

/** Fills regular slots in one batch; returns false when the book had no candidate. */
function openRegularPeers(core: EngineCore, now: Millis): boolean {
  const missing = core.maxOutbound - core.count('regular');
  if (missing <= 0) return true;
  // Anchors first (Core: dialled before anything else at start).
  while (core.anchorsToDial.length > 0) {
    const addr = core.anchorsToDial.shift() as NetAddr;
    if (!core.isBusy(core.addrText(addr)) && !core.book.isBanned(addr, now)) {
      core.dial(now, 'regular', { kind: 'addr', addr });
      core.noteDiscovery(now, 'anchors', core.addrText(addr), 1, 'anchor from the last run');
    }
  }
  const batch = Math.min(core.config.batchSize, core.maxOutbound - core.count('regular'));
  const networks = core.reachableNetworks;
  let found = 0;
  for (let i = 0; i < batch; i++) {
    const candidate = core.book.select({ accept: regularAccept(core, now), networks }, now);
    if (candidate === null) break;
    core.dial(now, 'regular', { kind: 'addr', addr: candidate.addr }, { group: candidate.group });
    found++;
  }
  return found > 0 || batch <= 0;
}

/** Discovery when the book has nothing: DNS seeds (rate-limited), then fixed seeds after the grace period. */
function discover(core: EngineCore, now: Millis): void {
  if (core.noCandidatesSince === null) {
    core.noCandidatesSince = now;
    core.noteDiscovery(now, 'book-empty', 'address book', core.book.size(), 'no usable address in the book');
  }
  const seeds = core.options.dnsSeeds ?? [];
  const dnsOn = core.options.useDnsSeeds !== false && seeds.length > 0;
  const outboundUp = core.countReady('regular') + core.countReady('manual');
  if (dnsOn && outboundUp < core.config.dnsEnoughPeers && (core.lastDnsAt === null || now - core.lastDnsAt >= core.config.dnsSeedIntervalMs)) {
    core.lastDnsAt = now;
    for (const seed of seeds) {
      if (core.options.proxy === true) {
        core.dial(now, 'addr-fetch', { kind: 'name', host: seed, port: core.params.defaultPort });
        core.emit(now, { type: 'dns-seed-queried', seed, viaProxy: true });
        core.noteDiscovery(now, 'addr-fetch', seed, 0, 'seed contacted through the proxy (no local DNS)');
      } else {
        const name = dnsSeedQueryName(core.params, seed, core.options.requiredServices);
        core.dnsPending++;
        core.out.push({ type: 'resolve-seed', seed: name, timeoutMs: core.config.dnsTimeoutMs });
        core.emit(now, { type: 'dns-seed-queried', seed: name, viaProxy: false });
        core.noteDiscovery(now, 'dns-query', name, 0, 'address book empty → DNS');
      }
    }
  }
  const grace = dnsOn ? core.config.fixedSeedGraceMs : 0;
  const noManual = core.added.size === 0;
  if (!core.fixedSeedsUsed && now - core.noCandidatesSince >= grace && (dnsOn || noManual) && core.dnsPending === 0) {
    addFixedSeeds(core, now, dnsOn ? 'DNS gave nothing → fixed seeds' : 'DNS seeds disabled → fixed seeds');
  }
}

/** Adds the network's hard-coded addresses (Floresta: add_fixed_addresses). */
export function addFixedSeeds(core: EngineCore, now: Millis, reason: string): void {
  core.fixedSeedsUsed = true;
  const entries: AddrEntry[] = [];
  const time = Math.floor(now / 1000);
  for (const seed of core.params.fixedSeeds) {
    const addr = parseHost(seed.host, seed.port, { cjdns: seed.host.startsWith('fc') });
    if (addr !== null) entries.push({ time, services: seed.services, addr });
  }
  const added = core.book.add(entries, { kind: 'fixed' }, now);
  core.bookDirty = true;
  core.emit(now, { type: 'fixed-seeds-used', count: added, reason });
  core.noteDiscovery(now, 'fixed-seeds', core.params.name, added, reason);
  core.nextMaintenanceAt = now;
}

/** One feeler at a time, when the regular slots are full (Core), to a tried collision or a new-table address. */
export function maybeFeeler(core: EngineCore, now: Millis): void {
  if (now < core.nextFeelerAt) return;
  // Exponential timer with the configured mean (Core: rand_exp_duration(FEELER_INTERVAL)).
  core.nextFeelerAt = now + Math.round(-Math.log(1 - core.random.nextFloat()) * core.config.feelerIntervalMs);
  if (core.count('feeler') > 0 || core.countReady('regular') < core.maxOutbound) return;
  const accept = regularAccept(core, now);
  const candidate = core.book.selectTriedCollision(now) ?? core.book.select({ newOnly: true, accept, networks: core.reachableNetworks }, now);
  if (candidate === null) return;
  core.dial(now, 'feeler', { kind: 'addr', addr: candidate.addr }, { group: candidate.group });
}

/** Stale tip → exactly one extra outbound peer (Core: CheckForStaleTipAndEvictPeers). */
export function maybeExtra(core: EngineCore, now: Millis): void {
  if (now < core.nextStaleCheckAt) return;
  core.nextStaleCheckAt = now + core.config.staleCheckIntervalMs;
  const age = now - core.tipAdvancedAt;
  if (age < core.config.staleTipMs || core.countReady('regular') === 0) return;
  if (!core.tipStaleReported) {
    core.tipStaleReported = true;
    core.emit(now, { type: 'tip-stale', tip: tipView(core), ageMs: age });
  }
  if (core.count('extra') > 0) return;
  const candidate = core.book.select({ accept: regularAccept(core, now), networks: core.reachableNetworks }, now);
  if (candidate !== null) core.dial(now, 'extra', { kind: 'addr', addr: candidate.addr }, { group: candidate.group });
}

/** The maintenance pass. */
export function maintain(core: EngineCore, now: Millis): void {
  core.nextMaintenanceAt = now + core.config.maintenanceIntervalMs;
  if (core.shuttingDown) return;
  openAddedPeers(core, now);
  if (core.connectMode) return;
  if (openRegularPeers(core, now)) core.noCandidatesSince = null;
  else discover(core, now);
  maybeFeeler(core, now);
  maybeExtra(core, now);
  core.book.resolveCollisions(now);
}
