// Header sync over the engine's peers: getheaders with the chain's locator to one sync peer at a
// time (switched on timeout), continuation while batches are full (2000), announcements followed
// afterwards; new headers update the peer's height, the tip, the store (append-headers effect), and
// settle an extra peer (news → keep it and evict the regular peer that least recently brought a
// block). Invalid headers raise the sender's ban score by the chain's verdict. Pure.
import type { Millis } from '../shared/time.js';
import { MAX_HEADERS_RESULTS } from '../protocol/limits.js';
import { BLOCK_HEADER_SIZE } from '../protocol/block-header.js';
import type { EngineCore } from './core.js';
import { notePeer, peerRef, type Peer } from './peer.js';
import type { TipView } from './types.js';

/** The chain tip as events and the snapshot show it. */
export function tipView(core: EngineCore): TipView {
  const tip = core.chain.tip();
  return { height: tip.height, hash: tip.hashHex, time: tip.time, advancedAt: core.tipAdvancedAt };
}

/** Sends getheaders (our locator, no stop) to a peer and starts its response timer. */
export function requestHeaders(core: EngineCore, peer: Peer, now: Millis): void {
  core.send(peer, { type: 'getheaders', version: 70016, locator: core.chain.locator(), stop: new Uint8Array(32) }, now);
  peer.headersRequestedAt = now;
  core.timersChanged(peer);
}

/** Handles a headers message, given as its headers' concatenated 80-byte records. */
export function onNewHeaders(core: EngineCore, peer: Peer, raw: Uint8Array, now: Millis): void {
  const count = raw.length / BLOCK_HEADER_SIZE;
  peer.headersRequestedAt = null;
  core.timersChanged(peer);
  if (count === 0) {
    if (core.syncPeerId === peer.id) core.initialSyncDone = true;
    return;
  }
  const result = core.chain.acceptRaw(raw, now);
  if (result.records.length > 0) core.out.push({ type: 'append-headers', bytes: result.records });
  if (result.tipChanged) {
    core.tipAdvancedAt = now;
    core.tipStaleReported = false;
    peer.lastBlockAt = now;
    core.emit(now, { type: 'tip-advanced', tip: tipView(core), peer: peerRef(peer) });
  }
  if (!result.ok) {
    if (result.code === 'unconnected') {
      peer.unconnectingHeaders++;
      if (peer.unconnectingHeaders > core.config.maxUnconnectingHeaders) {
        core.misbehave(peer, 20, `${peer.unconnectingHeaders} unconnecting headers messages`, now);
      } else if (core.peers.has(peer.id)) {
        requestHeaders(core, peer, now);
      }
      return;
    }
    core.misbehave(peer, result.banScore, `invalid header: ${result.code} (${result.detail})`, now);
    return;
  }
  peer.unconnectingHeaders = 0;
  peer.height = Math.max(peer.height ?? 0, result.lastHeight);
  if (peer.kind === 'extra' && result.tipChanged && !peer.extraKept) keepExtraPeer(core, peer, now);
  if (count === MAX_HEADERS_RESULTS) requestHeaders(core, peer, now);
  else if (core.syncPeerId === peer.id) core.initialSyncDone = true;
}

/** An extra peer brought a better chain: keep it as a regular peer and evict the stalest regular one. */
function keepExtraPeer(core: EngineCore, peer: Peer, now: Millis): void {
  let victim: Peer | null = null;
  for (const p of core.peers.values()) {
    if (p.kind !== 'regular' || p.state !== 'ready') continue;
    if (victim === null || (p.lastBlockAt ?? 0) < (victim.lastBlockAt ?? 0) || ((p.lastBlockAt ?? 0) === (victim.lastBlockAt ?? 0) && (p.readyAt ?? 0) > (victim.readyAt ?? 0))) victim = p;
  }
  peer.extraKept = true;
  peer.lingerUntil = null;
  core.timersChanged(peer);
  const regular = core.count('regular');
  if (victim !== null && regular >= core.maxOutbound) core.disconnect(victim, 'evicted', `extra peer ${peer.id} brought a better chain`, now);
  core.emit(now, { type: 'extra-finished', peer: peerRef(peer), outcome: 'kept', ...(victim !== null && regular >= core.maxOutbound ? { evicted: victim.id } : {}) });
  core.noteActivity(now, peer, 'kept', victim !== null && regular >= core.maxOutbound ? `new headers; evicted peer ${victim.id}` : 'new headers');
  notePeer(peer, now, 'extra peer kept as regular');
  core.setKind(peer, 'regular');
}

/**
 * With a zero getheaders timeout the new sync peer is due at once. A walk over every peer would reach
 * it later in the same pass when it comes after the current one (peer ids grow in connection order,
 * the order of the walk), so it joins the remaining due peers at its place.
 */
function visitLater(core: EngineCore, due: Peer[], k: number, other: Peer, now: Millis): void {
  if (core.deadlineOf(other) > now || due.includes(other)) return;
  let at = k + 1;
  while (at < due.length && (due[at] as Peer).id < other.id) at++;
  due.splice(at, 0, other);
}

/** Sync-peer timeout among the peers due at `now` (a getheaders deadline is one of their timers, and
 * `due` is in connection order): a getheaders unanswered in time hands the sync to another ready peer. */
export function checkHeaderTimeouts(core: EngineCore, due: Peer[], now: Millis): void {
  for (let k = 0; k < due.length; k++) {
    const peer = due[k] as Peer;
    if (!core.peers.has(peer.id)) continue;
    if (peer.headersRequestedAt === null || now - peer.headersRequestedAt < core.config.headersTimeoutMs) continue;
    peer.headersRequestedAt = null;
    core.timersChanged(peer);
    notePeer(peer, now, 'getheaders timed out');
    if (core.syncPeerId !== peer.id) continue;
    core.syncPeerId = null;
    for (const other of core.peers.values()) {
      if (other.id !== peer.id && other.state === 'ready' && (other.kind === 'regular' || other.kind === 'manual')) {
        core.syncPeerId = other.id;
        requestHeaders(core, other, now);
        if (other.id > peer.id) visitLater(core, due, k, other, now);
        break;
      }
    }
  }
}
