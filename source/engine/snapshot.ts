// The Snapshot the dashboard and the control API render: plain JSON-safe data taken at `now`. Pure.
import type { Millis } from '../shared/time.js';
import type { EngineCore } from './core.js';
import { peerView } from './peer.js';
import { tipView } from './header-sync.js';
import type { Snapshot } from './types.js';

/** Builds the snapshot of the engine's state. */
export function buildSnapshot(core: EngineCore, now: Millis): Snapshot {
  const stats = core.book.stats(now);
  const bans = core.book.listBans(now);
  let inFlight = 0;
  for (const p of core.peers.values()) if (p.state === 'dialing') inFlight++;
  const tip = tipView(core);
  return {
    now,
    startedAt: core.startedAt,
    network: core.params.name,
    tip,
    tipStale: core.started && now - core.tipAdvancedAt >= core.config.staleTipMs,
    counts: {
      regular: core.count('regular'), target: core.maxOutbound, manual: core.count('manual'), feeler: core.count('feeler'),
      extra: core.count('extra'), addrFetch: core.count('addr-fetch'), inFlight,
    },
    addressBook: { new: stats.new, tried: stats.tried, banned: bans.length },
    peers: [...core.peers.values()].map(peerView),
    added: [...core.added.values()].map((a) => {
      const peer = a.peerId !== null ? core.peers.get(a.peerId) : undefined;
      return { target: a.key, connected: peer?.state === 'ready', peerId: a.peerId, attempts: a.attempts, nextAttemptAt: a.peerId === null ? a.nextAttemptAt : null };
    }),
    bans: bans.map((b) => ({ subnet: b.subnet, createdAt: b.createdAt, until: b.until, reason: b.reason })),
    activity: [...core.activity],
    discovery: [...core.discovery],
    totals: { ...core.totals },
    proxy: core.options.proxy === true ? 'socks5' : null,
    shuttingDown: core.shuttingDown,
  };
}
