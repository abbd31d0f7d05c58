// Peer sessions: what happens when a connection opens, bytes arrive, or the socket closes — the
// version handshake (version, wtxidrelay, sendaddrv2, verack, sendheaders), getaddr once, pings with
// an EMA of round-trips, addr/addrv2 with the per-peer rate limiter, headers through the chain,
// misbehaviour scores, and the feeler / extra / addr-fetch endings. Pure.
import type { Millis } from '../shared/time.js';
import { toUnixSeconds } from '../shared/time.js';
import { u32At, u64FromHalves, u64HighHalf, u64leBytes, u64LowHalf } from '../shared/bytes.js';
import { decodeAddrBatch, decodeHeadersRaw, decodeWireMessage } from '../protocol/messages.js';
import { BLOCK_HEADER_SIZE, encodeBlockHeader } from '../protocol/block-header.js';
import type { DecodeResult } from '../shared/errors.js';
import { AddrBatch } from '../protocol/addr-batch.js';
import { buildVersionMessage, MIN_PEER_PROTO_VERSION } from '../protocol/version.js';
import { hasServices } from '../protocol/services.js';
import { MAX_ADDR_TO_SEND, MAX_HEADERS_RESULTS } from '../protocol/limits.js';
import { MSG_BLOCK, MSG_WITNESS_BLOCK } from '../protocol/inventory.js';
import type { BlockHeader, Message, VersionMessage } from '../protocol/types.js';
import { AddrRateLimiter, MAX_ADDR_PROCESSING_TOKEN_BUCKET } from '../address-manager/addr-rate-limiter.js';
import type { EngineCore } from './core.js';
import { notePeer, peerRef, servicesNumber, tallyMessage, type Peer } from './peer.js';
import { onNewHeaders, requestHeaders } from './header-sync.js';

/** Messages whose over-long lists Core punishes with 20 points (net_processing "message size"). */
const OVERSIZE_SCORED: ReadonlySet<string> = new Set(['addr', 'addrv2', 'inv', 'getdata', 'notfound', 'headers']);

/** Smoothing factor of the ping EMA (Floresta keeps an EMA of message times; 0.2 weights the last ~5 pings). */
const PING_EMA_ALPHA = 0.2;

/** A random 64-bit nonce (Core: GetRand<uint64_t>), the first draw being its high half. */
function randomNonce(core: EngineCore): bigint {
  const hi = core.random.nextU32();
  return u64FromHalves(core.random.nextU32(), hi);
}

/** The TCP connection is up: start the transport and send our version. */
export function onDialed(core: EngineCore, peer: Peer, now: Millis): void {
  peer.state = 'connected';
  peer.connectedAt = now;
  core.timersChanged(peer);
  peer.transport = core.createTransport(peer.transportVersion, core.params, core.random);
  notePeer(peer, now, `connected (${peer.transportVersion})`);
  core.emit(now, { type: 'peer-connected', peer: peerRef(peer) });
  core.sendBytes(peer, peer.transport.start(), now);
  core.setVersionNonce(peer, randomNonce(core));
  const relay = peer.kind !== 'feeler' && peer.kind !== 'addr-fetch';
  const version = buildVersionMessage({
    services: core.options.ourServices ?? 0n,
    timestamp: BigInt(toUnixSeconds(now)),
    receiver: core.options.proxy === true ? null : peer.addr,
    receiverServices: 0n,
    nonce: peer.versionNonce,
    startHeight: core.chain.tip().height,
    relay,
    userAgent: core.userAgent,
  });
  core.send(peer, version, now);
  peer.state = 'handshaking';
  core.timersChanged(peer);
}

/** Bytes from the socket: run them through the transport and handle each message. */
export function onReceived(core: EngineCore, peer: Peer, bytes: Uint8Array, now: Millis): void {
  if (peer.transport === null) return;
  peer.bytesReceived += bytes.length;
  peer.lastReceiveAt = now;
  core.totals.bytesReceived += bytes.length;
  const output = peer.transport.receive(bytes);
  for (const chunk of output.toSend) core.sendBytes(peer, chunk, now);
  for (const wire of output.messages) {
    if (!core.peers.has(peer.id)) return;
    tallyMessage(peer, wire.command, wire.payload.length, false);
    const command = wire.command;
    // ping and pong (most of the traffic) are handled from their 8 payload bytes: no decoded message,
    // no bigint. Any other payload length takes the decoder, which rejects it.
    if ((command === 'pong' || command === 'ping') && wire.payload.length === 8) {
      if (!afterVersion(core, peer, command, now)) continue;
      if (command === 'pong') onPong(core, peer, u32At(wire.payload, 0), u32At(wire.payload, 4), now);
      else core.sendWire(peer, { command: 'pong', payload: wire.payload }, now);
      continue;
    }
    // Address lists are decoded into the engine's reused column batch (no object per address), and
    // headers into raw 80-byte records for the chain (most are announcements of a header we have).
    const decoded: DecodeResult<AddrBatch | Uint8Array | Message> = command === 'addr' || command === 'addrv2'
      ? decodeAddrBatch(command, wire.payload, core.addrBatch)
      : command === 'headers' ? decodeHeadersRaw(wire.payload) : decodeWireMessage(wire);
    if (!decoded.ok) {
      // Core: too many entries in addr/inv/headers costs 20 points; other malformed payloads end the peer.
      const score = decoded.error.code === 'oversized' && OVERSIZE_SCORED.has(wire.command) ? core.config.oversizedAddrScore : core.config.banThreshold;
      core.misbehave(peer, score, `malformed ${wire.command}: ${decoded.error.message}`, now);
      if (!core.peers.has(peer.id)) return;
      continue;
    }
    const msg = decoded.value;
    if (msg instanceof AddrBatch) {
      if (afterVersion(core, peer, command, now) && peer.gotVerack) onAddr(core, peer, msg, now);
    } else if (msg instanceof Uint8Array) {
      if (afterVersion(core, peer, command, now) && peer.gotVerack) onNewHeaders(core, peer, msg, now);
    } else onMessage(core, peer, msg, now);
  }
  if (output.failure !== undefined && core.peers.has(peer.id)) {
    const f = output.failure;
    if (f.code === 'v1-peer' && onV2Refused(core, peer, now, true)) return;
    core.disconnect(peer, 'protocol-violation', `${f.code}: ${f.detail}`, now);
  }
}

/**
 * A v2 handshake the peer refused — it hung up or timed out without sending a byte after our key, or
 * answered with a v1 `version` — while our transport says a v1 retry is warranted. Retries the same
 * peer with v1 when its kind allows (Floresta's rule, see core.dial); otherwise ends it and records the
 * failed attempt. Returns false when the v2 rule does not apply.
 */
function onV2Refused(core: EngineCore, peer: Peer, now: Millis, socketOpen: boolean): boolean {
  const transport = peer.transport;
  if (transport === null || transport.version !== 'v2' || peer.state === 'ready' || !transport.shouldRetryWithV1()) return false;
  if (peer.allowV1Fallback && !core.shuttingDown) {
    core.retryWithV1(peer, now, socketOpen);
    return true;
  }
  core.disconnect(peer, 'v2-refused', 'peer refused BIP324 and v1 fall-back is not allowed for this peer', now, { closeSocket: socketOpen });
  if (peer.addr !== null) core.book.attempt(peer.addr, true, now);
  return true;
}

/** The socket closed (the peer hung up, or an error). */
export function onClosed(core: EngineCore, peer: Peer, detail: string, now: Millis): void {
  if (onV2Refused(core, peer, now, false)) return;
  core.disconnect(peer, 'peer-closed', detail, now, { closeSocket: false });
}

function onVersion(core: EngineCore, peer: Peer, msg: VersionMessage, now: Millis): void {
  if (peer.gotVersion) {
    core.misbehave(peer, core.config.unexpectedMessageScore, 'duplicate version message', now);
    return;
  }
  peer.gotVersion = true;
  peer.version = msg.version;
  peer.services = msg.services;
  peer.userAgent = msg.userAgent;
  peer.startHeight = msg.startHeight;
  if (core.isOwnVersionNonce(msg.nonce)) {
    core.disconnect(peer, 'self-connection', 'connected to ourselves (version nonce matches)', now);
    return;
  }
  if (msg.version < MIN_PEER_PROTO_VERSION) {
    core.disconnect(peer, 'obsolete-version', `protocol version ${msg.version} < ${MIN_PEER_PROTO_VERSION}`, now);
    return;
  }
  if (peer.addr !== null) core.book.setServices(peer.addr, msg.services);
  if ((peer.kind === 'regular' || peer.kind === 'extra') && !hasServices(msg.services, core.options.requiredServices)) {
    core.bookDirty = true;
    core.disconnect(peer, 'missing-services', `peer offers 0x${msg.services.toString(16)}, required 0x${core.options.requiredServices.toString(16)}`, now);
    return;
  }
  core.send(peer, { type: 'wtxidrelay' }, now);
  core.send(peer, { type: 'sendaddrv2' }, now);
  core.send(peer, { type: 'verack' }, now);
}

function onVerack(core: EngineCore, peer: Peer, now: Millis): void {
  if (!peer.gotVersion || peer.gotVerack) {
    core.misbehave(peer, core.config.unexpectedMessageScore, 'unexpected verack', now);
    return;
  }
  peer.gotVerack = true;
  peer.state = 'ready';
  peer.readyAt = now;
  peer.nextPingAt = now;
  core.timersChanged(peer);
  peer.addrLimiter = new AddrRateLimiter(now);
  notePeer(peer, now, `handshake completed: ${peer.userAgent ?? ''} v${peer.version ?? 0}`);
  core.emit(now, {
    type: 'handshake-completed',
    // Object.assign, not a spread: V8's spread of a fresh object followed by more fields takes ~4 µs here.
    peer: Object.assign(peerRef(peer), { version: peer.version ?? 0, services: servicesNumber(peer.services), userAgent: peer.userAgent ?? '', startHeight: peer.startHeight ?? 0 }),
  });
  if (peer.addr !== null && peer.kind !== 'addr-fetch') {
    core.book.good(peer.addr, now);
    core.bookDirty = true;
  }
  core.send(peer, { type: 'sendheaders' }, now);
  // Core: getaddr once to every outbound peer; its answer may use a full token bucket once.
  core.send(peer, { type: 'getaddr' }, now);
  peer.addrLimiter = new AddrRateLimiter(now, MAX_ADDR_PROCESSING_TOKEN_BUCKET);
  if (peer.kind === 'feeler') peer.lingerUntil = now + core.config.feelerLingerMs;
  else if (peer.kind === 'addr-fetch') peer.lingerUntil = now + core.config.addrFetchTimeoutMs;
  else if (peer.kind === 'extra') peer.lingerUntil = now + core.config.extraPeerTimeoutMs;
  core.timersChanged(peer);
  if (peer.kind === 'extra') {
    core.emit(now, { type: 'extra-opened', peer: peerRef(peer) });
    requestHeaders(core, peer, now);
  } else if (peer.kind !== 'feeler' && peer.kind !== 'addr-fetch') {
    maybeStartSync(core, peer, now);
  }
}

function maybeStartSync(core: EngineCore, peer: Peer, now: Millis): void {
  if (core.syncPeerId === null) {
    core.syncPeerId = peer.id;
    requestHeaders(core, peer, now);
  } else if (core.initialSyncDone && (peer.startHeight ?? 0) > core.chain.tip().height) {
    requestHeaders(core, peer, now);
  }
}

/** An addr/addrv2 list (in a batch the rate limiter may truncate). */
function onAddr(core: EngineCore, peer: Peer, batch: AddrBatch, now: Millis): void {
  const count = batch.count;
  if (count > MAX_ADDR_TO_SEND) {
    core.misbehave(peer, core.config.oversizedAddrScore, `addr message with ${count} entries (> ${MAX_ADDR_TO_SEND})`, now);
    return;
  }
  const limiter = peer.addrLimiter ?? new AddrRateLimiter(now);
  peer.addrLimiter = limiter;
  batch.truncate(limiter.take(now, count));
  const added = peer.addr !== null || batch.count > 0
    ? core.book.add(batch, peer.addr !== null ? { kind: 'peer', addr: peer.addr } : { kind: 'dns', seed: peer.address }, now)
    : 0;
  if (added > 0) core.bookDirty = true;
  core.emit(now, { type: 'addresses-received', peer: peerRef(peer), count, added });
  if (peer.kind === 'addr-fetch') {
    core.noteDiscovery(now, 'addr-fetch', peer.address, added, `${count} addresses via proxy`);
    core.disconnect(peer, 'addr-fetch-done', `${count} addresses`, now);
  } else if (peer.kind === 'feeler' && count > 1) {
    core.disconnect(peer, 'feeler-done', 'address is alive', now);
  }
}

/** A pong carrying the nonce hi·2^32 + lo: it ends the ping in flight when the nonce is that ping's. */
function onPong(core: EngineCore, peer: Peer, lo: number, hi: number, now: Millis): void {
  if (peer.pingSentAt === null || lo !== peer.pingNonceLo || hi !== peer.pingNonceHi) return;
  const rtt = Math.max(0, now - peer.pingSentAt);
  peer.pingEmaMs = peer.pingEmaMs === null ? rtt : peer.pingEmaMs + PING_EMA_ALPHA * (rtt - peer.pingEmaMs);
  peer.minPingMs = peer.minPingMs === null ? rtt : Math.min(peer.minPingMs, rtt);
  peer.pingSentAt = null;
  core.timersChanged(peer);
  core.emit(now, { type: 'ping', peer: peerRef(peer), pingMs: rtt });
}

/** Headers as the concatenated 80-byte records onNewHeaders takes. */
function concatHeaders(headers: readonly BlockHeader[]): Uint8Array {
  const out = new Uint8Array(headers.length * BLOCK_HEADER_SIZE);
  headers.forEach((h, i) => out.set(encodeBlockHeader(h), i * BLOCK_HEADER_SIZE));
  return out;
}

/** True when the peer has sent its version; otherwise scores the message (Core: anything else
 * first is misbehaviour) and returns false. */
function afterVersion(core: EngineCore, peer: Peer, command: string, now: Millis): boolean {
  if (peer.gotVersion) return true;
  core.misbehave(peer, core.config.unexpectedMessageScore, `${command} before version`, now);
  return false;
}

/** Dispatches one decoded message. */
export function onMessage(core: EngineCore, peer: Peer, msg: Message, now: Millis): void {
  if (msg.type === 'version') return onVersion(core, peer, msg, now);
  if (!afterVersion(core, peer, msg.type === 'other' ? msg.command : msg.type, now)) return;
  switch (msg.type) {
    case 'verack': return onVerack(core, peer, now);
    case 'sendaddrv2': peer.wantsAddrV2 = true; return;
    case 'ping': core.send(peer, { type: 'pong', nonce: msg.nonce }, now); return;
    case 'pong': return onPong(core, peer, u64LowHalf(msg.nonce), u64HighHalf(), now);
    case 'addr':
    case 'addrv2':
      if (!peer.gotVerack) return;
      return onAddr(core, peer, core.addrBatch.fill(msg.entries), now);
    case 'headers':
      // Received headers take onReceived's raw path; a decoded message reaching here is framed back.
      if (!peer.gotVerack) return;
      if (msg.headers.length > MAX_HEADERS_RESULTS) {
        core.misbehave(peer, core.config.banThreshold, `headers message with ${msg.headers.length} headers`, now);
        return;
      }
      return onNewHeaders(core, peer, concatHeaders(msg.headers), now);
    case 'inv':
      if (peer.gotVerack && msg.items.some((i) => i.type === MSG_BLOCK || i.type === MSG_WITNESS_BLOCK)) requestHeaders(core, peer, now);
      return;
    case 'reject':
      notePeer(peer, now, `reject ${msg.message}: ${msg.reason}`);
      core.emit(now, { type: 'reject-received', peer: peerRef(peer), message: msg.message, code: msg.code, reason: msg.reason });
      return;
    default:
      return;
  }
}

/** Timers of one peer: handshake deadline, ping, ping timeout, linger endings. */
export function checkPeerTimers(core: EngineCore, peer: Peer, now: Millis): void {
  if (peer.state === 'dialing') return;
  if (peer.state !== 'ready') {
    if (peer.connectedAt !== null && now - peer.connectedAt >= core.config.handshakeTimeoutMs) {
      if (onV2Refused(core, peer, now, true)) return;
      core.disconnect(peer, 'handshake-timeout', `no handshake within ${Math.round(core.config.handshakeTimeoutMs / 1000)} s`, now);
    }
    return;
  }
  if (peer.pingSentAt !== null && now - peer.pingSentAt >= core.config.pingTimeoutMs) {
    core.disconnect(peer, 'ping-timeout', `no pong within ${Math.round(core.config.pingTimeoutMs / 1000)} s`, now);
    return;
  }
  if (peer.pingSentAt === null && now >= peer.nextPingAt) {
    // Drawn as randomNonce does (high half first), kept as halves and sent as 8 bytes: no bigint.
    peer.pingNonceHi = core.random.nextU32();
    peer.pingNonceLo = core.random.nextU32();
    peer.pingSentAt = now;
    peer.nextPingAt = now + core.config.pingIntervalMs;
    core.timersChanged(peer);
    core.sendWire(peer, { command: 'ping', payload: u64leBytes(peer.pingNonceLo, peer.pingNonceHi) }, now);
  }
  if (peer.lingerUntil !== null && now >= peer.lingerUntil) {
    if (peer.kind === 'feeler') core.disconnect(peer, 'feeler-done', 'address is alive', now);
    else if (peer.kind === 'addr-fetch') core.disconnect(peer, 'addr-fetch-done', 'no addresses in time', now);
    else if (peer.kind === 'extra' && !peer.extraKept) core.disconnect(peer, 'extra-not-useful', 'no new headers in time', now);
  }
}
