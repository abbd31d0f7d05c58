// The engine's contract with the world (design.md §2): Inputs in (each carrying `now`), Effects out,
// Commands from the keyboard and the control API, Events for the UI/--json, and the Snapshot the UI
// renders. Only types here; the state machine is in engine.ts.
import type { Millis } from '../shared/time.js';
import type { NetAddr } from '../protocol/netaddr.js';
import type { NetworkName } from '../protocol/params.js';
import type { TransportVersion } from '../transport/transport.js';

/** Peer ids are allocated by the engine, increasing from 1, never reused in a run. */
export type PeerId = number;

/** Connection kinds (Floresta's ConnectionKind plus Core's addr-fetch for seeds through a proxy). */
export type ConnectionKind = 'regular' | 'manual' | 'feeler' | 'extra' | 'addr-fetch';

/** Where to dial: a concrete address, or a host name (resolved by the proxy, or by io). */
export type DialTarget =
  | { readonly kind: 'addr'; readonly addr: NetAddr }
  | { readonly kind: 'name'; readonly host: string; readonly port: number };

/** Why a dial failed (reported by io). */
export type DialFailureReason =
  | 'refused' | 'timeout' | 'unreachable' | 'proxy-refused' | 'proxy-auth-failed' | 'proxy-unavailable'
  | 'resolve-failed' | 'error';

/** Why a connection ended: a closed union; `transient` says whether the address stays good. */
export type DisconnectReason =
  | 'peer-closed' | 'dial-failed' | 'handshake-timeout' | 'ping-timeout' | 'protocol-violation'
  | 'misbehaving' | 'missing-services' | 'self-connection' | 'feeler-done' | 'extra-not-useful'
  | 'evicted' | 'user-dropped' | 'banned' | 'shutdown' | 'duplicate' | 'send-queue-full'
  | 'addr-fetch-done' | 'obsolete-version' | 'v2-refused';

/** A user/API command. Targets are "host[:port]" text, validated by the engine. */
export type Command =
  | { readonly type: 'add-peer'; readonly target: string }
  | { readonly type: 'remove-peer'; readonly target: string }
  | { readonly type: 'onetry'; readonly target: string }
  | { readonly type: 'drop-peer'; readonly peerId?: PeerId; readonly address?: string; readonly ban?: boolean }
  | { readonly type: 'ban'; readonly subnet: string; readonly durationMs?: Millis; readonly absolute?: boolean }
  | { readonly type: 'unban'; readonly subnet: string }
  | { readonly type: 'clear-bans' }
  | { readonly type: 'set-outbound-target'; readonly target: number }
  | { readonly type: 'get-node-addresses'; readonly count: number; readonly network?: NetAddr['network'] }
  | { readonly type: 'get-addrman-info' }
  | { readonly type: 'shutdown' };

/** JSON-safe data carried by query command results. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Stable codes for rejected commands. */
export type CommandRejection =
  | 'invalid-address' | 'peer-already-exists' | 'unknown-peer' | 'not-added' | 'invalid-subnet'
  | 'not-banned' | 'invalid-argument' | 'shutting-down';

/** Outcome of a command. */
export type CommandResult =
  | { readonly ok: true; readonly message: string; readonly peerId?: PeerId; readonly data?: JsonValue }
  | { readonly ok: false; readonly code: CommandRejection; readonly reason: string };

/** Everything that can happen to the engine. Every input carries the current time. */
export type Input =
  | { readonly type: 'start'; readonly now: Millis }
  | { readonly type: 'tick'; readonly now: Millis }
  | { readonly type: 'dialed'; readonly now: Millis; readonly peerId: PeerId }
  | { readonly type: 'dial-failed'; readonly now: Millis; readonly peerId: PeerId; readonly reason: DialFailureReason; readonly detail: string }
  | { readonly type: 'received'; readonly now: Millis; readonly peerId: PeerId; readonly bytes: Uint8Array }
  | { readonly type: 'closed'; readonly now: Millis; readonly peerId: PeerId; readonly detail?: string }
  | { readonly type: 'seeds-resolved'; readonly now: Millis; readonly seed: string; readonly addresses: readonly NetAddr[]; readonly error?: string }
  | { readonly type: 'command'; readonly now: Millis; readonly requestId: number; readonly command: Command };

/** What the engine asks io to do. */
export type Effect =
  | { readonly type: 'dial'; readonly peerId: PeerId; readonly target: DialTarget; readonly timeoutMs: Millis }
  | { readonly type: 'send'; readonly peerId: PeerId; readonly bytes: Uint8Array }
  | { readonly type: 'close'; readonly peerId: PeerId }
  | { readonly type: 'wake-at'; readonly at: Millis }
  | { readonly type: 'resolve-seed'; readonly seed: string; readonly timeoutMs: Millis }
  | { readonly type: 'persist'; readonly file: 'peers' | 'anchors' | 'banlist'; readonly bytes: Uint8Array }
  | { readonly type: 'append-headers'; readonly bytes: Uint8Array }
  | { readonly type: 'event'; readonly event: NodeEvent }
  | { readonly type: 'command-result'; readonly requestId: number; readonly result: CommandResult }
  | { readonly type: 'stopped' };

/** A peer as events and the snapshot describe it (JSON-safe: services as a number). */
export interface PeerRef {
  readonly id: PeerId;
  readonly address: string;
  readonly kind: ConnectionKind;
  readonly transport: TransportVersion;
}

/** The validated chain tip (from source/chain). */
export interface TipView {
  readonly height: number;
  readonly hash: string;
  /** Block timestamp, Unix seconds. */
  readonly time: number;
  /** When our tip last advanced. */
  readonly advancedAt: Millis;
}

/** Events: past tense, stable names and fields once released (design.md §5). `at` becomes `ts` in JSON. */
export type NodeEvent = { readonly at: Millis } & (
  | { readonly type: 'node-started'; readonly network: NetworkName; readonly maxOutbound: number; readonly addressBook: { readonly new: number; readonly tried: number } }
  | { readonly type: 'dns-seed-queried'; readonly seed: string; readonly viaProxy: boolean }
  | { readonly type: 'dns-seed-answered'; readonly seed: string; readonly count: number; readonly error?: string }
  | { readonly type: 'fixed-seeds-used'; readonly count: number; readonly reason: string }
  | { readonly type: 'dial-started'; readonly peer: PeerRef }
  | { readonly type: 'dial-failed'; readonly peer: PeerRef; readonly reason: DialFailureReason; readonly detail: string; readonly retryV1: boolean }
  | { readonly type: 'peer-connected'; readonly peer: PeerRef }
  | { readonly type: 'handshake-completed'; readonly peer: PeerRef & { readonly version: number; readonly services: number; readonly userAgent: string; readonly startHeight: number } }
  | { readonly type: 'peer-disconnected'; readonly peer: PeerRef; readonly reason: DisconnectReason; readonly detail: string }
  | { readonly type: 'addresses-received'; readonly peer: PeerRef; readonly count: number; readonly added: number }
  | { readonly type: 'ping'; readonly peer: PeerRef; readonly pingMs: number }
  | { readonly type: 'feeler-finished'; readonly peer: PeerRef; readonly outcome: 'alive' | 'failed' }
  | { readonly type: 'extra-opened'; readonly peer: PeerRef }
  | { readonly type: 'extra-finished'; readonly peer: PeerRef; readonly outcome: 'kept' | 'closed'; readonly evicted?: PeerId }
  | { readonly type: 'v1-fallback'; readonly peer: PeerRef }
  | { readonly type: 'tip-advanced'; readonly tip: TipView; readonly peer?: PeerRef }
  | { readonly type: 'tip-stale'; readonly tip: TipView; readonly ageMs: Millis }
  | { readonly type: 'address-book-saved'; readonly new: number; readonly tried: number }
  | { readonly type: 'peer-banned'; readonly address: string; readonly until: Millis; readonly reason: string }
  | { readonly type: 'peer-misbehaved'; readonly peer: PeerRef; readonly score: number; readonly reason: string }
  /** The peer sent a (deprecated, BIP61) reject message; its text is peer-controlled. */
  | { readonly type: 'reject-received'; readonly peer: PeerRef; readonly message: string; readonly code: number; readonly reason: string }
  | { readonly type: 'peer-added'; readonly target: string }
  | { readonly type: 'peer-removed'; readonly target: string }
  | { readonly type: 'command-rejected'; readonly command: string; readonly code: CommandRejection; readonly reason: string }
  | { readonly type: 'node-stopping' }
);

/** The `type` tag of a NodeEvent. */
export type NodeEventType = NodeEvent['type'];

/** Lifecycle of a connection (state machine in engine/peer-session.ts). */
export type PeerState = 'dialing' | 'connected' | 'handshaking' | 'ready' | 'closing';

/** One peer, as the UI and the API see it. Raw peer strings are NOT sanitized here (the UI does). */
export interface PeerView extends PeerRef {
  readonly state: PeerState;
  readonly services: number;
  readonly version: number | null;
  readonly userAgent: string | null;
  readonly startHeight: number | null;
  /** Best validated header height this peer has shown us (or its announced start height until then). */
  readonly height: number | null;
  /** Exponential moving average of ping round-trips, ms. */
  readonly pingMs: number | null;
  readonly minPingMs: number | null;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly messagesSent: Readonly<Record<string, number>>;
  readonly messagesReceived: Readonly<Record<string, number>>;
  readonly bytesSentPerMessage: Readonly<Record<string, number>>;
  readonly bytesReceivedPerMessage: Readonly<Record<string, number>>;
  readonly connectedAt: Millis | null;
  readonly dialStartedAt: Millis;
  readonly lastSendAt: Millis | null;
  readonly lastReceiveAt: Millis | null;
  readonly lastBlockAt: Millis | null;
  readonly banScore: number;
  readonly sessionId: string | null;
  readonly networkGroup: string;
  readonly v1Fallback: boolean;
}

/** A feeler/extra outcome line for the Activity pane. */
export interface ActivityEntry {
  readonly at: Millis;
  readonly kind: 'feeler' | 'extra';
  readonly peerId: PeerId;
  readonly address: string;
  readonly outcome: 'started' | 'alive' | 'failed' | 'kept' | 'closed';
  readonly detail: string;
}

/** A discovery step for the Discovery pane. */
export interface DiscoveryEntry {
  readonly at: Millis;
  readonly step: 'book-empty' | 'dns-query' | 'dns-answer' | 'dns-failed' | 'fixed-seeds' | 'addr-fetch' | 'anchors';
  readonly source: string;
  readonly count: number;
  readonly detail: string;
}

/** An added (manual) peer and whether it is connected. */
export interface AddedPeerView {
  readonly target: string;
  readonly connected: boolean;
  readonly peerId: PeerId | null;
  readonly attempts: number;
  readonly nextAttemptAt: Millis | null;
}

/** A ban entry. */
export interface BanView {
  readonly subnet: string;
  readonly createdAt: Millis;
  readonly until: Millis;
  readonly reason: string;
}

/** Everything the dashboard and the API show, taken at `now`. Plain data, JSON-safe. */
export interface Snapshot {
  readonly now: Millis;
  readonly startedAt: Millis;
  readonly network: NetworkName;
  readonly tip: TipView | null;
  readonly tipStale: boolean;
  readonly counts: {
    readonly regular: number;
    readonly target: number;
    readonly manual: number;
    readonly feeler: number;
    readonly extra: number;
    readonly addrFetch: number;
    readonly inFlight: number;
  };
  readonly addressBook: { readonly new: number; readonly tried: number; readonly banned: number };
  readonly peers: readonly PeerView[];
  readonly added: readonly AddedPeerView[];
  readonly bans: readonly BanView[];
  readonly activity: readonly ActivityEntry[];
  readonly discovery: readonly DiscoveryEntry[];
  readonly totals: {
    readonly bytesSent: number;
    readonly bytesReceived: number;
    readonly v1Fallbacks: number;
    readonly dials: number;
    readonly dialFailures: number;
  };
  readonly proxy: string | null;
  readonly shuttingDown: boolean;
}

/**
 * A running node as the dashboard, the control API and library users drive it. Implemented in
 * source/io/node.ts (real network) and by the simulator driver (--simulate). Snapshots are pushed
 * throttled (a few per second at most, and at least once a second so clocks advance).
 */
export interface NodeController {
  /** The network this node runs on. */
  readonly network: NetworkName;
  /** The latest snapshot. */
  snapshot(): Snapshot;
  /** Calls `listener` with each new (throttled) snapshot; returns an unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** Calls `listener` with every event, unthrottled, in order; returns an unsubscribe function. */
  onEvent(listener: (event: NodeEvent) => void): () => void;
  /** Runs a command through the engine (the same path for keys, API and library). */
  command(command: Command): Promise<CommandResult>;
  /** Saves the address book, closes peers and stops. Idempotent. */
  close(): Promise<void>;
}
