// The BIP324 packet cipher: shared secret → keys (HKDF-SHA256), the rekeying length cipher
// (FSChaCha20) and the rekeying packet AEAD (FSChaCha20Poly1305), and packet encryption/decryption.
//
//   packet = FSChaCha20(len(contents) as 3 bytes LE) ‖ FSChaCha20Poly1305(aad, header ‖ contents)
//   header = 0x80 for a decoy (ignore bit), 0x00 otherwise
//
// All primitives are node:crypto (HKDF, SHA-256, ChaCha20, ChaCha20-Poly1305); nothing here touches I/O.
import { createCipheriv, createDecipheriv, createHash, createSecretKey, hkdfSync, type Cipher, type KeyObject } from 'node:crypto';
import { ellswiftEcdhXonly } from './ellswift.js';

/** Packets (and length chunks) between rekeys: 224 (BIP324 REKEY_INTERVAL). */
export const REKEY_INTERVAL = 224;
/** Bytes of the encrypted length field (BIP324 LENGTH_FIELD_LEN). */
export const LENGTH_FIELD_LEN = 3;
/** Bytes of the packet header (BIP324 HEADER_LEN). */
export const HEADER_LEN = 1;
/** Poly1305 tag bytes (RFC 8439). */
export const TAG_LEN = 16;
/** Packet bytes besides the contents: length + header + tag (BIP324: 20). */
export const PACKET_OVERHEAD = LENGTH_FIELD_LEN + HEADER_LEN + TAG_LEN;
/** Header bit marking a decoy packet the receiver ignores (BIP324 IGNORE_BIT_POS = 7). */
export const IGNORE_BIT = 0x80;
/** Bytes of a garbage terminator (BIP324). */
export const GARBAGE_TERMINATOR_LEN = 16;

const TAG_ECDH = 'bip324_ellswift_xonly_ecdh';
const SALT_PREFIX = Buffer.from('bitcoin_v2_shared_secret', 'ascii');

/** BIP340 tagged hash: SHA256(SHA256(tag) ‖ SHA256(tag) ‖ data). */
function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const tagHash = createHash('sha256').update(tag, 'utf8').digest();
  const h = createHash('sha256').update(tagHash).update(tagHash);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** BIP324 v2_ecdh: the shared secret; the initiator's encoding always comes first in the hash. */
export function v2SharedSecret(privateKey: Uint8Array, theirEllswift: Uint8Array, ourEllswift: Uint8Array, initiating: boolean): Uint8Array {
  const x = ellswiftEcdhXonly(theirEllswift, privateKey);
  return initiating ? taggedHash(TAG_ECDH, ourEllswift, theirEllswift, x) : taggedHash(TAG_ECDH, theirEllswift, ourEllswift, x);
}

/** Every key BIP324 derives from the shared secret. */
export interface SessionKeys {
  readonly initiatorL: Uint8Array;
  readonly initiatorP: Uint8Array;
  readonly responderL: Uint8Array;
  readonly responderP: Uint8Array;
  readonly initiatorGarbageTerminator: Uint8Array;
  readonly responderGarbageTerminator: Uint8Array;
  readonly sessionId: Uint8Array;
}

/** HKDF-SHA256 with salt "bitcoin_v2_shared_secret" ‖ network magic, one 32-byte output per label. */
export function deriveSessionKeys(sharedSecret: Uint8Array, magic: Uint8Array): SessionKeys {
  const salt = Buffer.concat([SALT_PREFIX, magic]);
  const expand = (info: string): Uint8Array => new Uint8Array(hkdfSync('sha256', sharedSecret, salt, Buffer.from(info, 'ascii'), 32));
  const terminators = expand('garbage_terminators');
  return {
    initiatorL: expand('initiator_L'),
    initiatorP: expand('initiator_P'),
    responderL: expand('responder_L'),
    responderP: expand('responder_P'),
    initiatorGarbageTerminator: terminators.slice(0, GARBAGE_TERMINATOR_LEN),
    responderGarbageTerminator: terminators.slice(GARBAGE_TERMINATOR_LEN),
    sessionId: expand('session_id'),
  };
}

/** node:crypto's ChaCha20 IV: 32-bit little-endian block counter ‖ 96-bit nonce. */
function chachaIv(blockCounter: number, nonceLow: number, nonceHigh: bigint): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32LE(blockCounter, 0);
  iv.writeUInt32LE(nonceLow, 4);
  iv.writeBigUInt64LE(nonceHigh, 8);
  return iv;
}

/** Keystream bytes generated per native call: a whole epoch of 3-byte length fields plus the next key. */
const KEYSTREAM_BATCH = REKEY_INTERVAL * LENGTH_FIELD_LEN + 32;

/**
 * FSChaCha20: one ChaCha20 keystream per rekey epoch (nonce = 0 ‖ epoch), consumed across chunks;
 * after every 224 chunks the next 32 keystream bytes become the key. The keystream is generated in
 * batches (one native call covers a whole epoch of length fields) and XORed in place.
 */
export class FSChaCha20 {
  private stream: Cipher;
  private keystream: Buffer = Buffer.alloc(0);
  private offset = 0;
  private chunkCounter = 0;
  private rekeyCounter = 0n;

  constructor(key: Uint8Array) {
    this.stream = createCipheriv('chacha20', key, chachaIv(0, 0, 0n));
  }

  /** The next `n` keystream bytes (a view, valid until the next call). */
  private take(n: number): Buffer {
    if (this.offset + n > this.keystream.length) {
      const rest = this.keystream.subarray(this.offset);
      this.keystream = Buffer.concat([rest, this.stream.update(Buffer.alloc(Math.max(n, KEYSTREAM_BATCH)))]);
      this.offset = 0;
    }
    const out = this.keystream.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Encrypts or decrypts `length` bytes of `buf` at `offset` in place (one chunk). */
  cryptInPlace(buf: Uint8Array, offset: number, length: number): void {
    const ks = this.take(length);
    for (let i = 0; i < length; i++) buf[offset + i] = (buf[offset + i] as number) ^ (ks[i] as number);
    if (++this.chunkCounter === REKEY_INTERVAL) {
      const nextKey = Buffer.from(this.take(32));
      this.rekeyCounter++;
      this.stream = createCipheriv('chacha20', nextKey, chachaIv(0, 0, this.rekeyCounter));
      this.keystream = Buffer.alloc(0);
      this.offset = 0;
      this.chunkCounter = 0;
    }
  }
}

/**
 * FSChaCha20Poly1305: RFC 8439 AEAD with nonce = packet-in-epoch ‖ epoch; after every 224 packets the
 * key becomes the first 32 bytes of ChaCha20(key, nonce 0xffffffff ‖ epoch, block 1).
 */
export class FSChaCha20Poly1305 {
  private key: Uint8Array;
  /** The key as a KeyObject: node:crypto validates and copies it once, not per packet. */
  private keyObject: KeyObject;
  private packetCounter = 0;
  /** Rekeys so far (a number: 2^53 rekeys of 224 packets is far beyond any connection). */
  private rekeyCounter = 0;

  constructor(key: Uint8Array) {
    this.key = key;
    this.keyObject = createSecretKey(key);
  }

  /** Encrypts `parts` (concatenated) with `aad`; returns the ciphertext pieces followed by the tag. */
  encrypt(aad: Uint8Array, ...parts: Uint8Array[]): Buffer[] {
    const cipher = createCipheriv('chacha20-poly1305', this.keyObject, this.nonce(), { authTagLength: TAG_LEN });
    let plaintextLength = 0;
    for (const p of parts) plaintextLength += p.length;
    if (aad.length > 0) cipher.setAAD(aad, { plaintextLength });
    const chunks = parts.map((p) => cipher.update(p));
    chunks.push(cipher.final(), cipher.getAuthTag());
    this.advance();
    return chunks;
  }

  /** Encrypts `plaintext` with `aad` into `out` at `offset` as ciphertext ‖ tag (`out` has room for both). */
  sealInto(aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, offset: number): void {
    let at = offset;
    for (const chunk of this.encrypt(aad, plaintext)) { out.set(chunk, at); at += chunk.length; }
  }

  /** Decrypts ciphertext ‖ tag; null when authentication fails. The packet counter advances either way. */
  decrypt(aad: Uint8Array, sealed: Uint8Array): Buffer | null {
    const body = sealed.length - TAG_LEN;
    const decipher = createDecipheriv('chacha20-poly1305', this.keyObject, this.nonce(), { authTagLength: TAG_LEN });
    this.advance();
    if (body < 0) return null;
    if (aad.length > 0) decipher.setAAD(aad, { plaintextLength: body });
    decipher.setAuthTag(sealed.subarray(body));
    const plain = decipher.update(sealed.subarray(0, body));
    try {
      decipher.final();
    } catch {
      return null;
    }
    return plain;
  }

  private readonly nonceBytes = Buffer.alloc(12);

  /** The current nonce (node:crypto copies it, so one buffer is reused). */
  private nonce(): Buffer {
    this.nonceBytes.writeUInt32LE(this.packetCounter, 0);
    this.nonceBytes.writeUInt32LE(this.rekeyCounter % 0x1_0000_0000, 4);
    this.nonceBytes.writeUInt32LE(Math.floor(this.rekeyCounter / 0x1_0000_0000), 8);
    return this.nonceBytes;
  }

  private advance(): void {
    if (++this.packetCounter === REKEY_INTERVAL) {
      const ks = createCipheriv('chacha20', this.key, chachaIv(1, 0xffffffff, BigInt(this.rekeyCounter)));
      this.key = new Uint8Array(ks.update(Buffer.alloc(32)));
      this.keyObject = createSecretKey(this.key);
      this.rekeyCounter++;
      this.packetCounter = 0;
    }
  }
}

/** Packets up to this many content bytes are copied into one buffer before encryption (Canopy: measured). */
const SINGLE_UPDATE_MAX = 16 * 1024;

/** The header byte followed by a small first part, in one buffer. */
function concatHeader(ignore: boolean, first: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_LEN + first.length);
  out[0] = ignore ? IGNORE_BIT : 0;
  out.set(first, HEADER_LEN);
  return out;
}

/** One direction's ciphers. */
interface Direction {
  readonly length: FSChaCha20;
  readonly packet: FSChaCha20Poly1305;
}

/** A decrypted packet: contents and whether it was a decoy. */
export interface DecryptedPacket {
  readonly ignore: boolean;
  readonly contents: Uint8Array;
}

/** The BIP324 packet cipher of one connection end (BIP324Cipher in Core's terms). */
export class PacketCipher {
  readonly sessionId: Uint8Array;
  readonly sendGarbageTerminator: Uint8Array;
  readonly recvGarbageTerminator: Uint8Array;
  private readonly send: Direction;
  private readonly recv: Direction;

  constructor(keys: SessionKeys, initiating: boolean) {
    const initiator = { length: new FSChaCha20(keys.initiatorL), packet: new FSChaCha20Poly1305(keys.initiatorP) };
    const responder = { length: new FSChaCha20(keys.responderL), packet: new FSChaCha20Poly1305(keys.responderP) };
    this.send = initiating ? initiator : responder;
    this.recv = initiating ? responder : initiator;
    this.sendGarbageTerminator = initiating ? keys.initiatorGarbageTerminator : keys.responderGarbageTerminator;
    this.recvGarbageTerminator = initiating ? keys.responderGarbageTerminator : keys.initiatorGarbageTerminator;
    this.sessionId = keys.sessionId;
  }

  /** Encrypts one packet whose contents are `parts` concatenated (at most 2²⁴ − 1 bytes). */
  encrypt(aad: Uint8Array, ignore: boolean, ...parts: Uint8Array[]): Uint8Array {
    let len = 0;
    for (const p of parts) len += p.length;
    if (len > 0xffffff) throw new RangeError(`packet contents of ${len} bytes exceed 2^24 - 1`);
    if (len <= SINGLE_UPDATE_MAX) {
      // Small packets: header and contents in one buffer, one AEAD update (each update call costs
      // about a microsecond in node:crypto; copying a few KiB costs far less), sealed straight into
      // the packet after its length field.
      const whole = Buffer.allocUnsafe(HEADER_LEN + len);
      whole[0] = ignore ? IGNORE_BIT : 0;
      let at = HEADER_LEN;
      for (const p of parts) { whole.set(p, at); at += p.length; }
      const packet = Buffer.allocUnsafe(LENGTH_FIELD_LEN + HEADER_LEN + len + TAG_LEN);
      this.writeLength(packet, len);
      this.send.packet.sealInto(aad, whole, packet, LENGTH_FIELD_LEN);
      return packet;
    }
    const lengthField = new Uint8Array(LENGTH_FIELD_LEN);
    this.writeLength(lengthField, len);
    // The header byte travels with the first small part, so the AEAD sees at most one large update.
    const [first, ...rest] = parts;
    const head = first !== undefined && first.length <= 16 ? concatHeader(ignore, first) : Uint8Array.of(ignore ? IGNORE_BIT : 0);
    const body = first !== undefined && first.length <= 16 ? rest : parts;
    const sealed = this.send.packet.encrypt(aad, head, ...body);
    return Buffer.concat([lengthField, ...sealed]);
  }

  /** Writes the encrypted 3-byte little-endian length field of the next packet at the start of `out`. */
  private writeLength(out: Uint8Array, len: number): void {
    out[0] = len & 0xff;
    out[1] = (len >>> 8) & 0xff;
    out[2] = len >>> 16;
    this.send.length.cryptInPlace(out, 0, LENGTH_FIELD_LEN);
  }

  /** Decrypts the length field in the first 3 bytes of `field` (call exactly once per packet). */
  decryptLength(field: Uint8Array): number {
    const b = this.lengthScratch;
    b[0] = field[0] as number;
    b[1] = field[1] as number;
    b[2] = field[2] as number;
    this.recv.length.cryptInPlace(b, 0, LENGTH_FIELD_LEN);
    return (b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16);
  }

  /** Scratch for decrypting length fields (no allocation per packet). */
  private readonly lengthScratch = new Uint8Array(LENGTH_FIELD_LEN);

  /** Decrypts header ‖ contents ‖ tag of the packet whose length was just decrypted; null when forged. */
  decrypt(aad: Uint8Array, sealed: Uint8Array): DecryptedPacket | null {
    const plain = this.recv.packet.decrypt(aad, sealed);
    if (plain === null || plain.length < HEADER_LEN) return null;
    const header = plain[0] as number;
    return { ignore: (header & IGNORE_BIT) !== 0, contents: new Uint8Array(plain.buffer, plain.byteOffset + HEADER_LEN, plain.length - HEADER_LEN) };
  }
}

/** Runs the whole key schedule for one end: ECDH, shared secret, keys, ciphers. */
export function initializeCipher(privateKey: Uint8Array, ourEllswift: Uint8Array, theirEllswift: Uint8Array, initiating: boolean, magic: Uint8Array): PacketCipher {
  const secret = v2SharedSecret(privateKey, theirEllswift, ourEllswift, initiating);
  return new PacketCipher(deriveSessionKeys(secret, magic), initiating);
}
