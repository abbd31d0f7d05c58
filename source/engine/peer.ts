// One connection's record inside the engine: identity and kind, transport, handshake facts, ping
// and header-sync state, counters, ban score; and its PeerView for the snapshot. Lifecycle:
//
//   dialing ──dialed──► connected ──version──► handshaking ──verack──► ready ──► (removed)
//      │  ▲                  │                     │                      │
//      │  └── v1 retry ◄─────┴── closed, v2 key unanswered and fall-back allowed
//      └─ dial-failed / timeouts / misbehaviour / commands ──► closing ──► (removed)
import { MessageTallies } from './message-tally.js';
import type { Millis } from '../shared/time.js';
import type { NetAddr } from '../protocol/netaddr.js';
import type { Transport, TransportVersion } from '../transport/transport.js';
import type { AddrRateLimiter } from '../address-manager/addr-rate-limiter.js';
import type { ConnectionKind, DialTarget, PeerId, PeerRef, PeerState, PeerView } from './types.js';
import type { EngineConfig } from './config.js';

/** A connection history line (shown in the peer detail view). */
export interface PeerHistoryEntry {
  readonly at: Millis;
  readonly what: string;
}

/** The engine's mutable record of one connection. */
export interface Peer {
  readonly id: PeerId;
  kind: ConnectionKind;
  readonly target: DialTarget;
  /** The concrete address (null while a host name is being dialled). */
  readonly addr: NetAddr | null;
  /** Canonical "host:port" text. */
  readonly address: string;
  /** Network group key ('' for names). */
  readonly group: string;
  state: PeerState;
  transport: Transport | null;
  transportVersion: TransportVersion;
  /** May retry with v1 if the v2 handshake is refused. */
  readonly allowV1Fallback: boolean;
  /** This attempt is the v1 retry. */
  v1Fallback: boolean;
  /** Key of the added-peer entry this connection serves, if any. */
  readonly addedKey: string | null;
  readonly dialStartedAt: Millis;
  connectedAt: Millis | null;
  readyAt: Millis | null;
  version: number | null;
  services: bigint;
  userAgent: string | null;
  startHeight: number | null;
  height: number | null;
  versionNonce: bigint;
  gotVersion: boolean;
  gotVerack: boolean;
  wantsAddrV2: boolean;
  /** The nonce of the ping in flight as its two u32 halves (meaningful while pingSentAt is set). */
  pingNonceLo: number;
  pingNonceHi: number;
  pingSentAt: Millis | null;
  nextPingAt: Millis;
  pingEmaMs: number | null;
  minPingMs: number | null;
  banScore: number;
  bytesSent: number;
  bytesReceived: number;
  /** Messages and bytes per command, both directions. */
  readonly tallies: MessageTallies;
  lastSendAt: Millis | null;
  lastReceiveAt: Millis | null;
  lastBlockAt: Millis | null;
  /** Outstanding getheaders (for the request timeout). */
  headersRequestedAt: Millis | null;
  unconnectingHeaders: number;
  /** Feeler/addr-fetch/extra deadline after the handshake. */
  lingerUntil: Millis | null;
  /** An extra peer that brought news and was kept. */
  extraKept: boolean;
  addrLimiter: AddrRateLimiter | null;
  readonly history: PeerHistoryEntry[];
}

/** The earliest instant one of this peer's timers fires: the handshake deadline before it is ready;
 * then the next ping (or the outstanding ping's timeout), a feeler/addr-fetch/extra linger end, and
 * an outstanding getheaders' timeout. Infinity while dialling (io reports the dial timeout). Every
 * field read here is a "timer field": writes to it are reported with EngineCore.timersChanged. A
 * getheaders timeout counts only once ready, which covers every one: headers are requested only from
 * ready peers (after verack), and a peer never leaves `ready`. */
export function peerDeadline(peer: Peer, config: Pick<EngineConfig, 'handshakeTimeoutMs' | 'pingTimeoutMs' | 'headersTimeoutMs'>): Millis {
  if (peer.state !== 'ready') return peer.connectedAt !== null ? peer.connectedAt + config.handshakeTimeoutMs : Infinity;
  let at = peer.pingSentAt !== null ? peer.pingSentAt + config.pingTimeoutMs : peer.nextPingAt;
  if (peer.lingerUntil !== null && !peer.extraKept) at = Math.min(at, peer.lingerUntil);
  if (peer.headersRequestedAt !== null) at = Math.min(at, peer.headersRequestedAt + config.headersTimeoutMs);
  return at;
}

/** Counts one message of `command` (`payloadLength` bytes) in either direction. */
export function tallyMessage(peer: Peer, command: string, payloadLength: number, sent: boolean): void {
  peer.tallies.add(command, payloadLength, sent);
}

/** A fresh record for a dial about to start. */
export function newPeer(init: {
  id: PeerId; kind: ConnectionKind; target: DialTarget; addr: NetAddr | null; address: string; group: string;
  allowV1Fallback: boolean; addedKey: string | null; now: Millis; transportVersion: TransportVersion;
}): Peer {
  // Every field spelt out: an object spread followed by forty more properties takes V8's slow path
  // (about 100 µs per peer, measured); a plain literal is one allocation.
  return {
    id: init.id, kind: init.kind, target: init.target, addr: init.addr, address: init.address, group: init.group,
    allowV1Fallback: init.allowV1Fallback, addedKey: init.addedKey, transportVersion: init.transportVersion,
    state: 'dialing', transport: null, v1Fallback: false, dialStartedAt: init.now, connectedAt: null, readyAt: null,
    version: null, services: 0n, userAgent: null, startHeight: null, height: null, versionNonce: 0n,
    gotVersion: false, gotVerack: false, wantsAddrV2: false, pingNonceLo: 0, pingNonceHi: 0, pingSentAt: null, nextPingAt: 0,
    pingEmaMs: null, minPingMs: null, banScore: 0, bytesSent: 0, bytesReceived: 0,
    tallies: new MessageTallies(),
    lastSendAt: null, lastReceiveAt: null, lastBlockAt: null, headersRequestedAt: null, unconnectingHeaders: 0,
    lingerUntil: null, extraKept: false, addrLimiter: null, history: [{ at: init.now, what: `dial started (${init.kind}, ${init.transportVersion})` }],
  };
}

/** Keeps the last entries of a peer's history. */
export function notePeer(peer: Peer, at: Millis, what: string): void {
  peer.history.push({ at, what });
  if (peer.history.length > 20) peer.history.shift();
}

/** Service bits as a JSON-safe number (bits above 2^53 are dropped; none are defined). */
export function servicesNumber(services: bigint): number {
  return Number(services & 0x1f_ffff_ffff_ffffn);
}

/** The reference to a peer that events carry. */
export function peerRef(peer: Peer): PeerRef {
  return { id: peer.id, address: peer.address, kind: peer.kind, transport: peer.transportVersion };
}

/** True for peers that count as outbound full-relay slots. */
export function isRegularSlot(peer: Peer): boolean {
  return peer.kind === 'regular';
}

/** The PeerView of the snapshot. */
export function peerView(peer: Peer): PeerView {
  const messagesSent: Record<string, number> = {}, messagesReceived: Record<string, number> = {};
  const bytesSentPerMessage: Record<string, number> = {}, bytesReceivedPerMessage: Record<string, number> = {};
  for (const [command, t] of peer.tallies.entries()) {
    if (t.sent > 0) { messagesSent[command] = t.sent; bytesSentPerMessage[command] = t.sentBytes; }
    if (t.received > 0) { messagesReceived[command] = t.received; bytesReceivedPerMessage[command] = t.receivedBytes; }
  }
  return {
    // The reference fields written out, not spread (V8 takes a slow path for a spread followed by more fields).
    id: peer.id, address: peer.address, kind: peer.kind, transport: peer.transportVersion,
    state: peer.state,
    services: servicesNumber(peer.services),
    version: peer.version,
    userAgent: peer.userAgent,
    startHeight: peer.startHeight,
    height: peer.height ?? peer.startHeight,
    pingMs: peer.pingEmaMs,
    minPingMs: peer.minPingMs,
    bytesSent: peer.bytesSent,
    bytesReceived: peer.bytesReceived,
    messagesSent, messagesReceived, bytesSentPerMessage, bytesReceivedPerMessage,
    connectedAt: peer.connectedAt,
    dialStartedAt: peer.dialStartedAt,
    lastSendAt: peer.lastSendAt,
    lastReceiveAt: peer.lastReceiveAt,
    lastBlockAt: peer.lastBlockAt,
    banScore: peer.banScore,
    sessionId: peer.transport?.sessionId() ?? null,
    networkGroup: peer.group,
    v1Fallback: peer.v1Fallback,
  };
}
