// Core-shaped results built from the engine's snapshot: getpeerinfo entries (src/rpc/net.cpp field
// names and units: seconds for times, satoshi-free), getnetworkinfo, listbanned, getaddednodeinfo. Pure.
import { parsePeerTarget, type Network } from '../protocol/netaddr.js';
import { serviceNames } from '../protocol/services.js';
import { PROTOCOL_VERSION, buildUserAgent, CANOPY_VERSION } from '../protocol/version.js';
import type { JsonValue, PeerView, Snapshot, ConnectionKind } from '../engine/types.js';

/** Core's connection_type strings; Canopy's extra peers are "extra". */
const CONNECTION_TYPE: Readonly<Record<ConnectionKind, string>> = {
  regular: 'outbound-full-relay', manual: 'manual', feeler: 'feeler', 'addr-fetch': 'addr-fetch', extra: 'extra',
};

const secs = (ms: number | null): number => (ms === null ? 0 : Math.floor(ms / 1000));
const hex16 = (n: number): string => n.toString(16).padStart(16, '0');

/** Core's "network" of an address text (ipv4, ipv6, onion, i2p, cjdns, or not_publicly_routable for names). */
export function networkOf(address: string): Network | 'not_publicly_routable' {
  const parsed = parsePeerTarget(address, 1);
  return parsed.ok && parsed.target.kind === 'addr' ? parsed.target.addr.network : 'not_publicly_routable';
}

/** One getpeerinfo entry. */
export function peerInfo(p: PeerView): JsonValue {
  return {
    id: p.id,
    addr: p.address,
    network: networkOf(p.address),
    services: hex16(p.services),
    servicesnames: serviceNames(BigInt(p.services)),
    relaytxes: false,
    lastsend: secs(p.lastSendAt),
    lastrecv: secs(p.lastReceiveAt),
    last_transaction: 0,
    last_block: secs(p.lastBlockAt),
    bytessent: p.bytesSent,
    bytesrecv: p.bytesReceived,
    conntime: secs(p.connectedAt ?? p.dialStartedAt),
    timeoffset: 0,
    ...(p.pingMs !== null ? { pingtime: p.pingMs / 1000 } : {}),
    ...(p.minPingMs !== null ? { minping: p.minPingMs / 1000 } : {}),
    version: p.version ?? 0,
    subver: p.userAgent ?? '',
    inbound: false,
    bip152_hb_to: false,
    bip152_hb_from: false,
    startingheight: p.startHeight ?? -1,
    presynced_headers: -1,
    synced_headers: p.height ?? -1,
    synced_blocks: -1,
    inflight: [],
    addr_relay_enabled: true,
    permissions: [],
    minfeefilter: 0,
    bytessent_per_msg: { ...p.bytesSentPerMessage },
    bytesrecv_per_msg: { ...p.bytesReceivedPerMessage },
    connection_type: CONNECTION_TYPE[p.kind],
    transport_protocol_type: p.state === 'ready' || p.state === 'handshaking' ? p.transport : 'detecting',
    session_id: p.sessionId ?? '',
    // Canopy's additions (Core ignores unknown fields; scripts keep working).
    canopy_state: p.state,
    canopy_ban_score: p.banScore,
    canopy_v1_fallback: p.v1Fallback,
  };
}

/** getnetworkinfo. */
export function networkInfo(s: Snapshot): JsonValue {
  const [major = 0, minor = 0, patch = 0] = CANOPY_VERSION.split('.').map(Number);
  const connected = s.peers.filter((p) => p.state !== 'dialing').length;
  const proxy = s.proxy ?? '';
  return {
    version: major * 10000 + minor * 100 + patch,
    subversion: buildUserAgent(),
    protocolversion: PROTOCOL_VERSION,
    localservices: hex16(0),
    localservicesnames: [],
    localrelay: false,
    timeoffset: 0,
    networkactive: !s.shuttingDown,
    connections: connected,
    connections_in: 0,
    connections_out: connected,
    networks: (['ipv4', 'ipv6', 'onion', 'i2p', 'cjdns'] as const).map((name) => ({
      name, limited: false, reachable: name === 'ipv4' || name === 'ipv6' || (name === 'onion' && proxy !== ''), proxy, proxy_randomize_credentials: false,
    })),
    relayfee: 0,
    incrementalfee: 0,
    localaddresses: [],
    warnings: [],
    canopy_network: s.network,
  };
}

/** listbanned. */
export function bannedList(s: Snapshot): JsonValue {
  const now = secs(s.now);
  return s.bans.map((b) => ({
    address: b.subnet, ban_created: secs(b.createdAt), banned_until: secs(b.until),
    ban_duration: secs(b.until) - secs(b.createdAt), time_remaining: Math.max(0, secs(b.until) - now),
  }));
}

/** getaddednodeinfo entries (optionally one node). */
export function addedNodeInfo(s: Snapshot, node: string | null): JsonValue[] {
  return s.added
    .filter((a) => node === null || a.target === node)
    .map((a) => {
      const peer = a.peerId !== null ? s.peers.find((p) => p.id === a.peerId) : undefined;
      return {
        addednode: a.target,
        connected: a.connected,
        addresses: peer !== undefined && a.connected ? [{ address: peer.address, connected: 'outbound' }] : [],
      };
    });
}
