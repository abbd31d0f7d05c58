// Protocol version constants Canopy speaks and requires, and the BIP14 user agent it announces.
import { MAX_SUBVERSION_LENGTH } from './limits.js';

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
