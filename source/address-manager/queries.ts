// Read-only questions asked of the address book: a random sample of good entries (getaddr answers,
// the API's getnodeaddresses) and per-network counts (stats). Pure: time comes in as `now`, randomness
// from the book's injected Random.
import type { NetAddr } from '../protocol/netaddr.js';
import type { AddrEntry } from '../protocol/types.js';
import type { Random } from '../shared/random.js';
import type { Millis } from '../shared/time.js';
import type { AddrInfo } from './addr-info.js';
import { isTerrible } from './addr-info.js';

/** What sampling needs of the book. */
export interface SampleSource {
  readonly infos: readonly (AddrInfo | undefined)[];
  readonly random: Random;
  /** Entry times by id (Core: nTime). */
  readonly announce: { time(id: number): Millis };
  usable(info: AddrInfo, now: Millis): boolean;
}

/** Up to `count` distinct usable, non-terrible entries (optionally of one network), uniformly at random. */
export function sampleEntries(book: SampleSource, count: number, network: NetAddr['network'] | undefined, now: Millis): AddrEntry[] {
  const ids: number[] = [];
  for (let id = 0; id < book.infos.length; id++) {
    const info = book.infos[id];
    if (info && (network === undefined || info.addr.network === network) && book.usable(info, now) && !isTerrible(info, book.announce.time(id), now)) ids.push(id);
  }
  const n = Math.min(Math.max(0, Math.floor(count)), ids.length);
  const out: AddrEntry[] = [];
  // A partial Fisher–Yates shuffle: the first n ids end up a uniform sample.
  for (let i = 0; i < n; i++) {
    const j = i + book.random.nextInt(ids.length - i);
    const pick = ids[j] ?? 0;
    ids[j] = ids[i] ?? 0;
    ids[i] = pick;
    const info = book.infos[pick];
    if (info) out.push({ time: Math.floor(book.announce.time(pick) / 1000), services: info.services, addr: info.addr });
  }
  return out;
}

/** New and tried entries per network. */
export function countByNetwork(infos: readonly (AddrInfo | undefined)[]): Record<string, { new: number; tried: number }> {
  const byNetwork: Record<string, { new: number; tried: number }> = {};
  for (const info of infos) {
    if (!info) continue;
    const row = (byNetwork[info.addr.network] ??= { new: 0, tried: 0 });
    if (info.inTried) row.tried++;
    else row.new++;
  }
  return byNetwork;
}
