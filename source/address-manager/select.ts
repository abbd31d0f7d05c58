// Selection (Core: AddrManImpl::Select_): a coin flip between the tried and new tables, then random
// bucket/position draws accepted with probability chance × factor, where chance = 0.66^min(attempts, 8)
// (×0.01 when tried in the last 10 minutes) and the factor grows 1.2× per rejection. Canopy bounds the
// work: after SELECT_MAX_DRAWS draws it falls back to one weighted scan of every acceptable entry, and
// returns null when there is none. Entries that are banned, on a network the caller cannot reach or
// refused by `accept` are never returned (terrible ones stay selectable, as in Core, until forgotten).
// A draw reads the network, the chance and the cached Candidate from the book's SelectionState (flat
// arrays by id); the AddrInfo object is only touched to build a Candidate. Candidates are
// compared with null, never tested for truth: a truth test reads the object's map, a cache miss.
import type { Millis } from '../shared/time.js';
import { BIP155_NETWORK_ID, type Network } from '../protocol/netaddr.js';
import type { Candidate, SelectOptions } from './api.js';
import { BUCKET_SIZE, CHANCE_FACTOR_GROWTH, NEW_BUCKET_COUNT, SELECT_MAX_DRAWS, TRIED_BUCKET_COUNT } from './constants.js';
import type { AddressManager } from './address-manager.js';

/** Right shifts that turn a 32-bit draw into a bucket index of each table. */
const TRIED_BUCKET_SHIFT = 32 - Math.log2(TRIED_BUCKET_COUNT);
const NEW_BUCKET_SHIFT = 32 - Math.log2(NEW_BUCKET_COUNT);

/** The networks as a bit mask of their BIP155 ids (all bits when there is no restriction). */
function networkMask(networks: ReadonlySet<Network> | undefined): number {
  if (networks === undefined) return -1;
  let mask = 0;
  for (const n of networks) mask |= 1 << BIP155_NETWORK_ID[n];
  return mask;
}

/** The entry's Candidate, cached by id (the book drops the cache when services or the table change). */
function candidateOf(book: AddressManager, id: number): Candidate | null {
  const cached = book.selection.candidate(id);
  if (cached !== null) return cached;
  const info = book.infos[id];
  if (!info) return null;
  const c: Candidate = { addr: info.addr, services: info.services, tried: info.inTried, group: info.group };
  book.selection.setCandidate(id, c);
  return c;
}

/** The entry's Candidate when it may be offered (its network was checked by the caller), else null. */
function acceptable(book: AddressManager, id: number, options: SelectOptions, now: Millis): Candidate | null {
  const c = candidateOf(book, id);
  if (c === null) return null;
  if (book.bans.size > 0 && book.bans.isBanned(c.addr, now)) return null;
  return options.accept && !options.accept(c) ? null : c;
}

/** Picks an entry to dial, or null (bounded work). */
export function selectEntry(book: AddressManager, options: SelectOptions, now: Millis, newCount: number, triedCount: number): Candidate | null {
  const newOnly = options.newOnly === true;
  if (newCount === 0 && (newOnly || triedCount === 0)) return null;
  const random = book.random;
  const selection = book.selection;
  const mask = networkMask(options.networks);
  const searchTried = !newOnly && triedCount > 0 && (newCount === 0 || random.nextU32() < 0x8000_0000);
  const table = searchTried ? book.triedTable : book.newTable;
  // Both bucket counts and the bucket size are powers of two: one 32-bit draw yields bucket and start.
  const bucketShift = searchTried ? TRIED_BUCKET_SHIFT : NEW_BUCKET_SHIFT;
  let factor = 1;
  for (let draw = 0; draw < SELECT_MAX_DRAWS; draw++) {
    const u = random.nextU32();
    const bucket = (u >>> bucketShift) * BUCKET_SIZE;
    const start = u & (BUCKET_SIZE - 1);
    let found = -1;
    for (let i = 0; i < BUCKET_SIZE; i++) {
      const id = table[bucket + ((start + i) & (BUCKET_SIZE - 1))] ?? -1;
      if (id >= 0 && (mask & (1 << selection.networkId(id))) !== 0) { found = id; break; }
    }
    if (found < 0) continue;
    const p = factor * selection.chance(found, now);
    // A certain acceptance needs no draw (same outcome as Core's draw against a probability ≥ 1).
    if (p >= 1 || random.nextFloat() < p) {
      const c = acceptable(book, found, options, now);
      if (c !== null) return c;
    } else {
      factor *= CHANCE_FACTOR_GROWTH;
    }
  }
  return scanFallback(book, options, now, newOnly, mask);
}

/** One pass over every entry of the allowed tables: a chance-weighted pick among the acceptable ones. */
function scanFallback(book: AddressManager, options: SelectOptions, now: Millis, newOnly: boolean, mask: number): Candidate | null {
  let total = 0;
  let chosen: Candidate | null = null;
  for (let id = 0; id < book.infos.length; id++) {
    const info = book.infos[id];
    if (!info || (newOnly && info.inTried)) continue;
    if (!info.inTried && info.newBuckets.length === 0) continue;
    if ((mask & (1 << book.selection.networkId(id))) === 0) continue;
    const c = acceptable(book, id, options, now);
    if (c === null) continue;
    // Weighted reservoir sampling: keeps each entry with probability weight / running total.
    const w = book.selection.chance(id, now);
    total += w;
    if (book.random.nextFloat() * total < w) chosen = c;
  }
  return chosen;
}
