// Protocol version constants Canopy speaks and requires, the BIP14 user agent it announces, and
// the version message it sends.
import { MAX_SUBVERSION_LENGTH } from './limits.js';
import type { NetAddr } from './netaddr.js';
import type { VersionMessage } from './types.js';

/** Protocol version Canopy announces: 70016 = WTXID_RELAY_VERSION (Core: node/protocol_version.h PROTOCOL_VERSION). */
export const PROTOCOL_VERSION = 70016;

/** Oldest peer version Canopy talks to (Core: node/protocol_version.h MIN_PEER_PROTO_VERSION = 31800). */
export const MIN_PEER_PROTO_VERSION = 31800;

/** Version from which `sendheaders` is understood (Core: SENDHEADERS_VERSION, BIP130). */
export const SENDHEADERS_VERSION = 70012;

/** Version from which `feefilter` is understood (Core: FEEFILTER_VERSION, BIP133). */
export const FEEFILTER_VERSION = 70013;

/** Version from which compact blocks (`sendcmpct`) are understood (Core: SHORT_IDS_BLOCKS_VERSION, BIP152). */
export const SHORT_IDS_BLOCKS_VERSION = 70014;

/** Version from which `wtxidrelay` is understood (Core: WTXID_RELAY_VERSION, BIP339). */
export const WTXID_RELAY_VERSION = 70016;

/** Canopy's own release, shown in the user agent. */
export const CANOPY_VERSION = '0.1.0';

/**
 * BIP14 user agent "/Canopy:0.1.0/" or "/Canopy:0.1.0(comment; …)/"; characters BIP14 reserves
 * ("/", ":", "(", ")") are removed from comments and the result is capped at MAX_SUBVERSION_LENGTH bytes.
 */
export function buildUserAgent(comments: readonly string[] = [], name = 'Canopy', version = CANOPY_VERSION): string {
  const clean = (s: string): string => s.replace(/[/:()\x00-\x1f\x7f]/g, '');
  const extra = comments.map(clean).filter((c) => c !== '');
  const ua = `/${clean(name)}:${clean(version)}${extra.length > 0 ? `(${extra.join('; ')})` : ''}/`;
  const bytes = new TextEncoder().encode(ua);
  if (bytes.length <= MAX_SUBVERSION_LENGTH) return ua;
  return `/${clean(name)}:${clean(version)}/`.slice(0, MAX_SUBVERSION_LENGTH);
}

/** What the caller decides when building our version message. */
export interface VersionOptions {
  /** Services we announce (Core: my_services). */
  readonly services: bigint;
  /** Our clock, Unix seconds. */
  readonly timestamp: bigint;
  /** The peer's address as we see it, or null to send [::]:0 (Core does so for proxied, onion/I2P/CJDNS or unroutable peers). */
  readonly receiver: NetAddr | null;
  /** The services we believe the peer has (Core: your_services; 0 when unknown). */
  readonly receiverServices: bigint;
  /** Random nonce for self-connection detection. */
  readonly nonce: bigint;
  /** Our best height. */
  readonly startHeight: number;
  /** BIP37 relay flag: false asks the peer not to announce transactions (block-relay-only, feelers). */
  readonly relay: boolean;
  /** User agent; default buildUserAgent(). */
  readonly userAgent?: string;
}

/** The unspecified address [::]:0 (Core: CService{}). */
const UNSPECIFIED: NetAddr = { network: 'ipv6', bytes: new Uint8Array(16), port: 0 };

/** Our version message as Core builds it (PushNodeVersion): sender is [::]:0 with our services. */
export function buildVersionMessage(o: VersionOptions): VersionMessage {
  return {
    type: 'version',
    version: PROTOCOL_VERSION,
    services: o.services,
    timestamp: o.timestamp,
    receiverServices: o.receiverServices,
    receiver: o.receiver ?? UNSPECIFIED,
    senderServices: o.services,
    sender: UNSPECIFIED,
    nonce: o.nonce,
    userAgent: o.userAgent ?? buildUserAgent(),
    startHeight: o.startHeight,
    relay: o.relay,
  };
}
