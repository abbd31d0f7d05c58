// Size limits of the P2P wire protocol, each with its origin in Bitcoin Core. Decoders enforce them
// and report a typed 'oversized' error; the engine decides what a violation costs the peer.

/** Hard cap on any serialized object or announced message length: 32 MiB (Core: serialize.h MAX_SIZE). */
export const MAX_SIZE = 0x02000000;

/** Largest message payload accepted: 4,000,000 bytes (Core: net.h MAX_PROTOCOL_MESSAGE_LENGTH). */
export const MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;

/** Most addresses in one addr/addrv2 message (Core: net_processing.cpp MAX_ADDR_TO_SEND). */
export const MAX_ADDR_TO_SEND = 1000;

/** Longest address accepted inside addrv2, even for unknown networks (Core: netaddress.h MAX_ADDRV2_SIZE). */
export const MAX_ADDRV2_SIZE = 512;

/** Most items in one inv/notfound/getdata message (Core: net_processing.cpp MAX_INV_SZ). */
export const MAX_INV_SZ = 50_000;

/** Most hashes in a block locator (Core: net_processing.cpp MAX_LOCATOR_SZ). */
export const MAX_LOCATOR_SZ = 101;

/** Most headers in one headers message (Core: net_processing.h MAX_HEADERS_RESULTS). */
export const MAX_HEADERS_RESULTS = 2000;

/** Longest user agent (subversion) string (Core: net_processing.h MAX_SUBVERSION_LENGTH). */
export const MAX_SUBVERSION_LENGTH = 256;

/** Longest reject reason string (Core 0.19 net_processing.cpp MAX_REJECT_MESSAGE_LENGTH). */
export const MAX_REJECT_MESSAGE_LENGTH = 111;

/** Longest command (message type) name: 12 bytes (Core: protocol.h CMessageHeader::MESSAGE_TYPE_SIZE). */
export const MESSAGE_TYPE_SIZE = 12;
