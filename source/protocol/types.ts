// The decoded Bitcoin P2P messages Canopy understands, as plain values. Codecs live beside this file
// (messages.ts encodes/decodes payloads, envelope.ts frames them for the v1 wire). Hashes are 32-byte
// arrays in internal byte order; service flags are 64-bit bigints; times are Unix seconds.
import type { NetAddr } from './netaddr.js';

/** An 80-byte block header. */
export interface BlockHeader {
  readonly version: number;
  readonly prevHash: Uint8Array;
  readonly merkleRoot: Uint8Array;
  readonly time: number;
  readonly bits: number;
  readonly nonce: number;
}

/** An address with its last-seen time and services, as carried by addr/addrv2. */
export interface AddrEntry {
  readonly time: number;
  readonly services: bigint;
  readonly addr: NetAddr;
}

/** The version message (protocol version 70016 era fields). */
export interface VersionMessage {
  readonly type: 'version';
  readonly version: number;
  readonly services: bigint;
  readonly timestamp: bigint;
  readonly receiverServices: bigint;
  readonly receiver: NetAddr;
  readonly senderServices: bigint;
  readonly sender: NetAddr;
  readonly nonce: bigint;
  readonly userAgent: string;
  readonly startHeight: number;
  readonly relay: boolean;
}

/** An inventory item (type code and 32-byte hash). */
export interface InvItem {
  readonly type: number;
  readonly hash: Uint8Array;
}

/** Every message Canopy decodes; anything else arrives as `other` with its raw payload. */
export type Message =
  | VersionMessage
  | { readonly type: 'verack' }
  | { readonly type: 'ping'; readonly nonce: bigint }
  | { readonly type: 'pong'; readonly nonce: bigint }
  | { readonly type: 'getaddr' }
  | { readonly type: 'addr'; readonly entries: readonly AddrEntry[] }
  | { readonly type: 'addrv2'; readonly entries: readonly AddrEntry[]; readonly skipped: number }
  | { readonly type: 'sendaddrv2' }
  | { readonly type: 'wtxidrelay' }
  | { readonly type: 'sendheaders' }
  | { readonly type: 'sendcmpct'; readonly announce: boolean; readonly version: bigint }
  | { readonly type: 'feefilter'; readonly feeRate: bigint }
  | { readonly type: 'getheaders'; readonly version: number; readonly locator: readonly Uint8Array[]; readonly stop: Uint8Array }
  | { readonly type: 'headers'; readonly headers: readonly BlockHeader[] }
  | { readonly type: 'inv'; readonly items: readonly InvItem[] }
  | { readonly type: 'notfound'; readonly items: readonly InvItem[] }
  | { readonly type: 'reject'; readonly message: string; readonly code: number; readonly reason: string; readonly data: Uint8Array }
  | { readonly type: 'other'; readonly command: string; readonly payload: Uint8Array };

/** The `type` tag of a Message. */
export type MessageType = Message['type'];

/** A framed-but-undecoded message as the transports carry it: command name and payload bytes. */
export interface WireMessage {
  readonly command: string;
  readonly payload: Uint8Array;
}
