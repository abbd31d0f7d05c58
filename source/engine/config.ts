// Every constant of the connection policy, with its value, unit and origin (design.md §3.1). All of
// them can be overridden through EngineOptions.config (tests shorten timeouts this way).
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, type Millis } from '../shared/time.js';

/** The engine's tunables. */
export interface EngineConfig {
  /** Regular outbound target. Core: MAX_OUTBOUND_FULL_RELAY_CONNECTIONS = 8. */
  readonly maxOutbound: number;
  /** Added (manual) peers kept connected, own slots. Core: MAX_ADDNODE_CONNECTIONS = 8. */
  readonly maxAddedPeers: number;
  /** Dials per maintenance pass. Floresta: NEW_CONNECTIONS_BATCH_SIZE = 4 (design §3.1). */
  readonly batchSize: number;
  /** Maintenance pass period. Floresta: TRY_NEW_CONNECTION = 10 s. */
  readonly maintenanceIntervalMs: Millis;
  /** TCP/SOCKS dial timeout. Floresta: CONNECTION_TIMEOUT = 10 s. */
  readonly dialTimeoutMs: Millis;
  /** Version handshake deadline after connect. Core: 60 s (Floresta's 10 s is too tight for Tor). */
  readonly handshakeTimeoutMs: Millis;
  /** Mean of the exponential feeler timer. Core: FEELER_INTERVAL = 2 min. */
  readonly feelerIntervalMs: Millis;
  /** A feeler closes when its getaddr is answered or after this. Core closes feelers right after the handshake; we give addr a moment. */
  readonly feelerLingerMs: Millis;
  /** Tip age that counts as stale. Core: TipMayBeStale, 3 × block spacing = 30 min. */
  readonly staleTipMs: Millis;
  /** How often the stale-tip check runs. Core: STALE_CHECK_INTERVAL = 10 min. */
  readonly staleCheckIntervalMs: Millis;
  /** An extra peer must bring new headers within this. Core: extra outbound gets one STALE_CHECK_INTERVAL-ish window; we use 2 min. */
  readonly extraPeerTimeoutMs: Millis;
  /** A getheaders must be answered within this or the sync peer is replaced. Core: HEADERS_RESPONSE_TIME = 2 min. */
  readonly headersTimeoutMs: Millis;
  /** Ping period. Floresta: 60 s idle ping; Core: PING_INTERVAL = 2 min. */
  readonly pingIntervalMs: Millis;
  /** No pong within this → disconnect. Core: TIMEOUT_INTERVAL = 20 min. */
  readonly pingTimeoutMs: Millis;
  /** DNS seeds at most this often. Core + Floresta: once an hour at most. */
  readonly dnsSeedIntervalMs: Millis;
  /** Per-seed resolve timeout handed to io. */
  readonly dnsTimeoutMs: Millis;
  /** Stop asking DNS once this many outbound peers are up. Core: 2 (ThreadDNSAddressSeed). */
  readonly dnsEnoughPeers: number;
  /** No candidates for this long → fixed seeds. Core: 60 s grace before AddAddrFetch of fixed seeds. */
  readonly fixedSeedGraceMs: Millis;
  /** An addr-fetch connection closes after the addr reply or this. Core: 2 min fetch window. */
  readonly addrFetchTimeoutMs: Millis;
  /** First re-dial delay of a missing added peer, doubled per failure. Core: ThreadOpenAddedConnections every 2 s…60 s. */
  readonly addedRetryBaseMs: Millis;
  /** Back-off cap for added peers. */
  readonly addedRetryMaxMs: Millis;
  /** Misbehaviour score that bans. Core (pre-25): DISCOURAGEMENT_THRESHOLD = 100; Floresta ban score 100. */
  readonly banThreshold: number;
  /** Ban length. Core: DEFAULT_MISBEHAVING_BANTIME = 24 h. */
  readonly banDurationMs: Millis;
  /** Address book save period when changed. Floresta: PEER_DB_DUMP_INTERVAL = 30 s. */
  readonly bookSaveIntervalMs: Millis;
  /** Automatic dials skip an address tried this recently. Core: ThreadOpenConnections, 10 min. */
  readonly retryAfterMs: Millis;
  /** Anchors saved at shutdown. Core: MAX_BLOCK_RELAY_ONLY_ANCHORS = 2. */
  readonly maxAnchors: number;
  /** Activity/discovery entries kept for the UI. */
  readonly historyLength: number;
  /** Score for an oversized addr message. Core: Misbehaving(20, "addr message size"). */
  readonly oversizedAddrScore: number;
  /** Score for a message before the handshake or a duplicate version. Core: Misbehaving(1)/ignored; we use 10 so floods end in a ban. */
  readonly unexpectedMessageScore: number;
  /** Unconnecting headers tolerated before misbehaviour. Core: MAX_NUM_UNCONNECTING_HEADERS_MSGS = 10. */
  readonly maxUnconnectingHeaders: number;
}

/** The defaults of design.md §3.1. */
export const DEFAULT_CONFIG: EngineConfig = {
  maxOutbound: 8,
  maxAddedPeers: 8,
  batchSize: 4,
  maintenanceIntervalMs: 10 * SECOND_MS,
  dialTimeoutMs: 10 * SECOND_MS,
  handshakeTimeoutMs: 60 * SECOND_MS,
  feelerIntervalMs: 2 * MINUTE_MS,
  feelerLingerMs: 10 * SECOND_MS,
  staleTipMs: 30 * MINUTE_MS,
  staleCheckIntervalMs: 10 * MINUTE_MS,
  extraPeerTimeoutMs: 2 * MINUTE_MS,
  headersTimeoutMs: 2 * MINUTE_MS,
  pingIntervalMs: 60 * SECOND_MS,
  pingTimeoutMs: 20 * MINUTE_MS,
  dnsSeedIntervalMs: HOUR_MS,
  dnsTimeoutMs: 15 * SECOND_MS,
  dnsEnoughPeers: 2,
  fixedSeedGraceMs: 60 * SECOND_MS,
  addrFetchTimeoutMs: 2 * MINUTE_MS,
  addedRetryBaseMs: 2 * SECOND_MS,
  addedRetryMaxMs: 60 * SECOND_MS,
  banThreshold: 100,
  banDurationMs: DAY_MS,
  bookSaveIntervalMs: 30 * SECOND_MS,
  retryAfterMs: 10 * MINUTE_MS,
  maxAnchors: 2,
  historyLength: 50,
  oversizedAddrScore: 20,
  unexpectedMessageScore: 10,
  maxUnconnectingHeaders: 10,
};

/** Defaults with overrides applied (unknown keys ignored, non-finite values rejected). */
export function resolveConfig(overrides: Readonly<Record<string, number>> = {}): EngineConfig {
  const out: Record<string, number> = { ...DEFAULT_CONFIG };
  for (const [k, v] of Object.entries(overrides)) {
    if (k in out && Number.isFinite(v) && v >= 0) out[k] = v;
  }
  return out as unknown as EngineConfig;
}
