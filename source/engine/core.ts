// The engine's state and its primitive operations (emit an event, send a message, dial, disconnect,
// misbehave). The policy (policy.ts), the message handling (session.ts), the commands (commands.ts)
// and the snapshot (snapshot.ts) are functions over this state. Pure: time arrives as `now`.
import { AddrBatch } from '../protocol/addr-batch.js';
import type { Millis } from '../shared/time.js';
import type { Random } from '../shared/random.js';
import { formatAddr, type NetAddr, type PeerTarget } from '../protocol/netaddr.js';
import type { NetworkParams } from '../protocol/params.js';
import type { Message, WireMessage } from '../protocol/types.js';
import { toWireMessage } from '../protocol/messages.js';
import { buildUserAgent } from '../protocol/version.js';
import { NODE_UTREEXO } from '../protocol/services.js';
import type { AddressBook } from '../address-manager/api.js';
import type { HeaderChain } from '../chain/api.js';
import type { TransportVersion } from '../transport/transport.js';
import type { EngineConfig } from './config.js';
import type { EngineOptions, TransportFactory } from './options.js';
import { newPeer, notePeer, peerDeadline, peerRef, tallyMessage, type Peer } from './peer.js';
import { PeerWake } from './peer-wake.js';
import type {
  ActivityEntry, ConnectionKind, DialTarget, DisconnectReason, DiscoveryEntry, Effect, NodeEvent, PeerId,
} from './types.js';

/** An added (manual) peer the engine keeps connected. */
export interface AddedPeer {
  readonly key: string;
  readonly target: PeerTarget;
  /** From --connect (fixed) rather than --addnode/commands. */
  readonly fixed: boolean;
  peerId: PeerId | null;
  attempts: number;
  nextAttemptAt: Millis;
}

/** Reasons after which the address is still considered good (Core: not a failed attempt). */
const TRANSIENT: ReadonlySet<DisconnectReason> = new Set<DisconnectReason>([
  'peer-closed', 'feeler-done', 'extra-not-useful', 'evicted', 'user-dropped', 'shutdown', 'addr-fetch-done', 'ping-timeout', 'send-queue-full',
]);

/** Distributes an event's fields without its `at` (helper type for emit). */
type EventBody = NodeEvent extends infer E ? (E extends { at: Millis } ? Omit<E, 'at'> : never) : never;

/** Adds `delta` to a key's count, dropping the key at zero. */
function countIn<K>(counts: Map<K, number>, key: K, delta: number): void {
  const n = (counts.get(key) ?? 0) + delta;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}

/** No peer of any kind. */
const NO_PEERS: Readonly<Record<ConnectionKind, number>> = { regular: 0, manual: 0, feeler: 0, extra: 0, 'addr-fetch': 0 };

/** The engine's whole state. */
export class EngineCore {
  readonly params: NetworkParams;
  readonly config: EngineConfig;
  readonly random: Random;
  readonly book: AddressBook;
  readonly chain: HeaderChain;
  readonly createTransport: TransportFactory;
  readonly options: EngineOptions;
  readonly peers = new Map<PeerId, Peer>();
  readonly added = new Map<string, AddedPeer>();
  readonly connectMode: boolean;
  readonly activity: ActivityEntry[] = [];
  readonly discovery: DiscoveryEntry[] = [];
  readonly anchorsToDial: NetAddr[];
  /** Reused by every received addr/addrv2 message (decoded into it, then handed to the book). */
  readonly addrBatch = new AddrBatch();
  out: Effect[] = [];
  nextPeerId = 1;
  startedAt: Millis = 0;
  started = false;
  shuttingDown = false;
  maxOutbound: number;
  /** Networks we can dial: IPv4 and IPv6, plus Tor through the proxy. */
  readonly reachableNetworks: ReadonlySet<NetAddr['network']>;
  nextMaintenanceAt: Millis = 0;
  nextFeelerAt: Millis = 0;
  nextStaleCheckAt: Millis = 0;
  nextSaveAt: Millis = 0;
  bookDirty = false;
  lastDnsAt: Millis | null = null;
  dnsPending = 0;
  noCandidatesSince: Millis | null = null;
  fixedSeedsUsed = false;
  tipAdvancedAt: Millis = 0;
  tipStaleReported = false;
  syncPeerId: PeerId | null = null;
  initialSyncDone = false;
  /** Last dial attempt per address (Core's ThreadOpenConnections skips addresses tried in the last 10 min). */
  readonly lastAttemptAt = new Map<string, Millis>();
  /** Canonical text per address object (see addrText). */
  private readonly addrTexts = new WeakMap<NetAddr, string>();
  totals = { bytesSent: 0, bytesReceived: 0, v1Fallbacks: 0, dials: 0, dialFailures: 0 };
  /** The user agent our version messages carry (built once). */
  readonly userAgent: string;
  /** Peers of each kind, in flight included (kept on add, remove and setKind: count() is one read,
   * where a scan reads every peer's record, cold in cache, on every maintenance pass). */
  private readonly kindCounts: Record<ConnectionKind, number> = { ...NO_PEERS };
  /** Peers per address text (isBusy), kept like kindCounts, so a candidate's checks do not read every peer's record. */
  private readonly byAddress = new Map<string, number>();
  /** Regular and extra peers per network group (groupInUse), kept the same way. */
  private readonly regularGroups = new Map<string, number>();
  /** Live peers per version nonce we sent them (0n: none yet), kept the same way, for the
   * self-connection test of each received version (Core compares it with every nonce it sent). */
  private readonly versionNonces = new Map<bigint, number>();
  /** The earliest peer timer deadline, kept as timers change (see peer-wake.ts). */
  private readonly peerWake = new PeerWake();
  /** peerDeadline bound to this engine's config (one closure, not one per call). */
  readonly deadlineOf = (peer: Peer): Millis => peerDeadline(peer, this.config);

  /** Builds the state from options (added and fixed peers are registered, nothing is dialled yet). */
  constructor(options: EngineOptions, config: EngineConfig, parsedAdded: readonly { key: string; target: PeerTarget; fixed: boolean }[]) {
    this.options = options;
    this.params = options.params;
    this.config = config;
    this.random = options.random;
    this.book = options.addressBook;
    this.chain = options.chain;
    this.createTransport = options.createTransport;
    this.connectMode = (options.connect?.length ?? 0) > 0;
    this.maxOutbound = config.maxOutbound;
    this.reachableNetworks = new Set<NetAddr['network']>(options.proxy === true ? ['ipv4', 'ipv6', 'onion'] : ['ipv4', 'ipv6']);
    this.userAgent = options.userAgent ?? buildUserAgent();
    this.anchorsToDial = this.connectMode ? [] : [...(options.anchors ?? [])].slice(0, config.maxAnchors);
    for (const a of parsedAdded) this.added.set(a.key, { ...a, peerId: null, attempts: 0, nextAttemptAt: 0 });
  }

  /** Reports that one of a peer's timer fields (those peerDeadline reads) was written. */
  timersChanged(peer: Peer): void {
    if (this.peers.get(peer.id) === peer) this.peerWake.update(peer.id, this.deadlineOf(peer));
  }

  /** The earliest instant any peer's timer fires (Infinity when none). */
  earliestPeerDeadline(): Millis {
    return this.peerWake.earliest();
  }

  /** The peers with a timer due at `now`, in connection order (ascending id; the others' records are not read). */
  duePeers(now: Millis): Peer[] {
    const due: Peer[] = [];
    for (const id of this.peerWake.due(now)) {
      const peer = this.peers.get(id);
      if (peer !== undefined) due.push(peer);
    }
    return due;
  }

  /** The deadline table's entry for a peer (for the consistency check). */
  recordedDeadline(id: PeerId): Millis | undefined {
    return this.peerWake.recorded(id);
  }

  /** Peers in the deadline table (for the consistency check). */
  recordedDeadlines(): number {
    return this.peerWake.size;
  }

  /** Queues an event effect stamped with `now`; `body` must be a fresh object (`at` is added to it in place). */
  emit(now: Millis, body: EventBody): void {
    // Every caller passes a fresh literal, so `at` is added in place: copying cost ~0.6 µs per event
    // (a spread ~10× more), which for the pong of every ping was most of its handling.
    const event = body as EventBody & { at?: Millis };
    event.at = now;
    this.out.push({ type: 'event', event: event as NodeEvent });
  }

  /** Appends to a bounded history list. */
  remember<T>(list: T[], entry: T): void {
    list.push(entry);
    if (list.length > this.config.historyLength) list.shift();
  }

  /** Records a discovery step for the UI. */
  noteDiscovery(now: Millis, step: DiscoveryEntry['step'], source: string, count: number, detail: string): void {
    this.remember(this.discovery, { at: now, step, source, count, detail });
  }

  /** Records a feeler/extra outcome for the UI. */
  noteActivity(now: Millis, peer: Peer, outcome: ActivityEntry['outcome'], detail: string): void {
    if (peer.kind !== 'feeler' && peer.kind !== 'extra') return;
    this.remember(this.activity, { at: now, kind: peer.kind, peerId: peer.id, address: peer.address, outcome, detail });
  }

  /** Writes raw bytes to a peer, counting them. */
  sendBytes(peer: Peer, bytes: Uint8Array, now: Millis): void {
    if (bytes.length === 0) return;
    peer.bytesSent += bytes.length;
    peer.lastSendAt = now;
    this.totals.bytesSent += bytes.length;
    this.out.push({ type: 'send', peerId: peer.id, bytes });
  }

  /** Frames and sends one message through the peer's transport. */
  send(peer: Peer, msg: Message, now: Millis): void {
    if (peer.transport === null) return;
    this.sendWire(peer, toWireMessage(msg), now);
  }

  /** Frames and sends an encoded message (command and payload) through the peer's transport. */
  sendWire(peer: Peer, wire: WireMessage, now: Millis): void {
    if (peer.transport === null) return;
    tallyMessage(peer, wire.command, wire.payload.length, true);
    this.sendBytes(peer, peer.transport.send(wire), now);
  }

  /** Canonical text of an address. */
  addrText(addr: NetAddr): string {
    // Memoised per NetAddr object (immutable by contract): the book hands out the same objects on
    // every draw, and formatting costs about a microsecond.
    let text = this.addrTexts.get(addr);
    if (text === undefined) {
      text = formatAddr(addr);
      this.addrTexts.set(addr, text);
    }
    return text;
  }

  /** True when an automatic connection to this address was attempted too recently (Core: 10 min). */
  triedRecently(address: string, now: Millis): boolean {
    const at = this.lastAttemptAt.get(address);
    return at !== undefined && now - at < this.config.retryAfterMs;
  }

  /** True when an address is connected or being dialled. */
  isBusy(address: string): boolean {
    return this.byAddress.has(address);
  }

  /** True when a regular or extra outbound peer (connected or in flight) is in this network group. */
  groupInUse(group: string): boolean {
    return this.regularGroups.has(group);
  }

  /** Counts peers of a kind (in flight included). */
  count(kind: ConnectionKind): number {
    return this.kindCounts[kind];
  }

  /** Changes a peer's kind, keeping the per-kind counts (an extra peer kept becomes regular). */
  setKind(peer: Peer, kind: ConnectionKind): void {
    const tracked = this.peers.get(peer.id) === peer;
    if (tracked) this.track(peer, -1);
    peer.kind = kind;
    if (tracked) this.track(peer, 1);
  }

  /** Counts a peer in (delta 1) or out of (−1) the per-kind counts and the address and group tables. */
  private track(peer: Peer, delta: 1 | -1): void {
    this.kindCounts[peer.kind] += delta;
    countIn(this.byAddress, peer.address, delta);
    if ((peer.kind === 'regular' || peer.kind === 'extra') && peer.group !== '') countIn(this.regularGroups, peer.group, delta);
    if (peer.versionNonce !== 0n) countIn(this.versionNonces, peer.versionNonce, delta);
  }

  /** Records the nonce of the version message about to be sent to a peer. */
  setVersionNonce(peer: Peer, nonce: bigint): void {
    const tracked = this.peers.get(peer.id) === peer;
    if (tracked && peer.versionNonce !== 0n) countIn(this.versionNonces, peer.versionNonce, -1);
    peer.versionNonce = nonce;
    if (tracked && nonce !== 0n) countIn(this.versionNonces, nonce, 1);
  }

  /** True when a received version nonce is one we sent to a live peer (we dialled ourselves). */
  isOwnVersionNonce(nonce: bigint): boolean {
    return nonce !== 0n && this.versionNonces.has(nonce);
  }

  /** Where the kept counts and tables differ from a scan of the peers, or null (consistency check). */
  trackingMismatch(): string | null {
    const kinds = { ...NO_PEERS };
    const byAddress = new Map<string, number>(), regularGroups = new Map<string, number>(), nonces = new Map<bigint, number>();
    for (const p of this.peers.values()) {
      kinds[p.kind]++;
      countIn(byAddress, p.address, 1);
      if ((p.kind === 'regular' || p.kind === 'extra') && p.group !== '') countIn(regularGroups, p.group, 1);
      if (p.versionNonce !== 0n) countIn(nonces, p.versionNonce, 1);
    }
    for (const kind of Object.keys(kinds) as ConnectionKind[]) {
      if (kinds[kind] !== this.kindCounts[kind]) return `${this.kindCounts[kind]} ${kind} peers counted, ${kinds[kind]} present`;
    }
    const same = <K>(a: Map<K, number>, b: Map<K, number>): boolean => a.size === b.size && [...a].every(([k, n]) => b.get(k) === n);
    if (!same(byAddress, this.byAddress)) return `peers by address ${JSON.stringify([...this.byAddress])} != ${JSON.stringify([...byAddress])}`;
    if (!same(regularGroups, this.regularGroups)) return `regular groups ${JSON.stringify([...this.regularGroups])} != ${JSON.stringify([...regularGroups])}`;
    if (!same(nonces, this.versionNonces)) return `${this.versionNonces.size} version nonces kept, ${nonces.size} present`;
    return null;
  }

  /** Counts ready peers of a kind. */
  countReady(kind: ConnectionKind): number {
    let n = 0;
    for (const p of this.peers.values()) if (p.kind === kind && p.state === 'ready') n++;
    return n;
  }

  /** Starts a connection: marks the attempt, allocates an id, emits dial-started, returns the peer
   * (`opts.group`: the address's network group when the caller already has it, e.g. from a Candidate). */
  dial(now: Millis, kind: ConnectionKind, target: DialTarget, opts: { addedKey?: string | null; group?: string } = {}): Peer {
    const addr = target.kind === 'addr' ? target.addr : null;
    const address = addr !== null ? this.addrText(addr) : `${target.kind === 'name' ? target.host : ''}:${target.kind === 'name' ? target.port : 0}`;
    const manual = kind === 'manual' || kind === 'addr-fetch';
    // Floresta: v1 fall-back for manual/fixed peers, with --allow-v1-fallback, or when UTREEXO is required.
    const allowV1Fallback = manual || this.options.allowV1Fallback === true || (this.options.requiredServices & NODE_UTREEXO) !== 0n;
    const version: TransportVersion = this.options.preferV2 ? 'v2' : 'v1';
    const peer = newPeer({
      id: this.nextPeerId++, kind, target, addr, address, group: addr !== null ? opts.group ?? this.book.groupOf(addr) : '',
      allowV1Fallback, addedKey: opts.addedKey ?? null, now, transportVersion: version,
    });
    if (addr !== null) this.book.attempt(addr, kind !== 'manual', now);
    this.lastAttemptAt.set(address, now);
    if (this.lastAttemptAt.size > 10_000) {
      for (const [key, at] of this.lastAttemptAt) if (now - at >= this.config.retryAfterMs) this.lastAttemptAt.delete(key);
    }
    this.bookDirty = true;
    this.peers.set(peer.id, peer);
    this.track(peer, 1);
    this.timersChanged(peer);
    this.totals.dials++;
    this.out.push({ type: 'dial', peerId: peer.id, target, timeoutMs: this.config.dialTimeoutMs });
    this.emit(now, { type: 'dial-started', peer: peerRef(peer) });
    this.noteActivity(now, peer, 'started', 'dialling');
    return peer;
  }

  /** Re-dials the same peer id with v1 after a refused v2 handshake (closing our socket first when it is still open). */
  retryWithV1(peer: Peer, now: Millis, socketOpen = false): void {
    if (socketOpen) this.out.push({ type: 'close', peerId: peer.id });
    peer.transport = null;
    peer.transportVersion = 'v1';
    peer.v1Fallback = true;
    peer.state = 'dialing';
    peer.connectedAt = null;
    this.timersChanged(peer);
    this.totals.v1Fallbacks++;
    notePeer(peer, now, 'peer refused BIP324: retrying with v1');
    this.emit(now, { type: 'v1-fallback', peer: peerRef(peer) });
    this.out.push({ type: 'dial', peerId: peer.id, target: peer.target, timeoutMs: this.config.dialTimeoutMs });
  }

  /** Ends a connection: close effect, events, address-book bookkeeping, added-peer back-off. */
  disconnect(peer: Peer, reason: DisconnectReason, detail: string, now: Millis, opts: { closeSocket?: boolean; dialFailed?: boolean } = {}): void {
    if (!this.peers.has(peer.id)) return;
    this.peers.delete(peer.id);
    this.track(peer, -1);
    this.peerWake.remove(peer.id);
    if (opts.closeSocket !== false) this.out.push({ type: 'close', peerId: peer.id });
    notePeer(peer, now, `disconnected: ${reason}${detail ? ` (${detail})` : ''}`);
    if (!opts.dialFailed) this.emit(now, { type: 'peer-disconnected', peer: peerRef(peer), reason, detail });
    if (peer.addr !== null && peer.readyAt !== null && TRANSIENT.has(reason)) {
      this.book.connected(peer.addr, now);
      this.bookDirty = true;
    }
    if (peer.kind === 'feeler') {
      const alive = peer.readyAt !== null;
      this.emit(now, { type: 'feeler-finished', peer: peerRef(peer), outcome: alive ? 'alive' : 'failed' });
      this.noteActivity(now, peer, alive ? 'alive' : 'failed', alive ? 'handshake completed' : detail || reason);
    }
    if (peer.kind === 'extra' && !peer.extraKept) {
      this.emit(now, { type: 'extra-finished', peer: peerRef(peer), outcome: 'closed' });
      this.noteActivity(now, peer, 'closed', reason === 'extra-not-useful' ? 'no new headers' : detail || reason);
    }
    if (peer.addedKey !== null) {
      const entry = this.added.get(peer.addedKey);
      if (entry !== undefined && entry.peerId === peer.id) {
        entry.peerId = null;
        if (peer.readyAt !== null) entry.attempts = 0;
        entry.attempts++;
        const delay = Math.min(this.config.addedRetryMaxMs, this.config.addedRetryBaseMs * 2 ** Math.min(entry.attempts - 1, 10));
        entry.nextAttemptAt = now + delay;
      }
    }
    if (this.syncPeerId === peer.id) this.syncPeerId = null;
    // Floresta: a maintenance pass after each disconnect.
    this.nextMaintenanceAt = Math.min(this.nextMaintenanceAt, now);
  }

  /** Adds misbehaviour points; at the threshold the peer is banned (never a manual peer) and dropped. */
  misbehave(peer: Peer, score: number, reason: string, now: Millis): void {
    if (score <= 0) return;
    peer.banScore += score;
    notePeer(peer, now, `misbehaved +${score}: ${reason}`);
    this.emit(now, { type: 'peer-misbehaved', peer: peerRef(peer), score: peer.banScore, reason });
    if (peer.banScore < this.config.banThreshold) return;
    if (peer.kind !== 'manual' && peer.addr !== null) {
      const until = now + this.config.banDurationMs;
      const host = formatAddr(peer.addr).replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
      if (this.book.ban(host, until, reason, now)) {
        this.bookDirty = true;
        this.emit(now, { type: 'peer-banned', address: host, until, reason });
      }
      this.disconnect(peer, 'misbehaving', reason, now);
    } else {
      this.disconnect(peer, 'misbehaving', `${reason} (manual peer: not banned)`, now);
    }
  }
}
