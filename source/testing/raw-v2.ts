// A hand-driven BIP324 end for tests and hostile peers: it exposes each handshake step and the packet
// cipher, so a script can send exactly the bytes it wants — including malformed ones (too much
// garbage, a wrong terminator, unknown short ids, forged packets) that the real transport never sends.
import type { Random } from '../shared/random.js';
import { ellswiftCreate, type EllswiftKeyPair } from '../transport/bip324/ellswift.js';
import { initializeCipher, type PacketCipher } from '../transport/bip324/cipher.js';
import { contentsPrefix } from '../transport/bip324/message-ids.js';
import type { WireMessage } from '../protocol/types.js';

/** One end of a BIP324 connection, driven step by step. */
export class RawV2End {
  readonly keys: EllswiftKeyPair;
  private cipher: PacketCipher | null = null;
  private firstPacket = true;

  /** Creates the end with fresh keys and the garbage it will send. */
  constructor(private readonly magic: Uint8Array, random: Random, private readonly initiating: boolean, readonly garbage: Uint8Array = new Uint8Array(0)) {
    this.keys = ellswiftCreate(random);
  }

  /** Our 64-byte key followed by our garbage. */
  keyAndGarbage(): Uint8Array {
    const out = new Uint8Array(64 + this.garbage.length);
    out.set(this.keys.ellswift, 0);
    out.set(this.garbage, 64);
    return out;
  }

  /** Takes the peer's 64-byte key and derives the session. */
  receiveKey(theirs: Uint8Array): void {
    this.cipher = initializeCipher(this.keys.privateKey, this.keys.ellswift, theirs.slice(0, 64), this.initiating, this.magic);
  }

  private requireCipher(): PacketCipher {
    if (this.cipher === null) throw new Error('RawV2End: no key received yet');
    return this.cipher;
  }

  /** The garbage terminator we send. */
  sendTerminator(): Uint8Array {
    return this.requireCipher().sendGarbageTerminator;
  }

  /** The garbage terminator we expect. */
  recvTerminator(): Uint8Array {
    return this.requireCipher().recvGarbageTerminator;
  }

  /** Encrypts raw packet contents; the first packet authenticates our garbage, as the BIP says. */
  packet(contents: Uint8Array, ignore = false): Uint8Array {
    const aad = this.firstPacket ? this.garbage : new Uint8Array(0);
    this.firstPacket = false;
    return this.requireCipher().encrypt(aad, ignore, contents);
  }

  /** The (empty) version packet. */
  versionPacket(): Uint8Array {
    return this.packet(new Uint8Array(0));
  }

  /** A message packet (short id or long command, as the real transport frames it). */
  message(message: WireMessage): Uint8Array {
    const prefix = contentsPrefix(message.command);
    const contents = new Uint8Array(prefix.length + message.payload.length);
    contents.set(prefix, 0);
    contents.set(message.payload, prefix.length);
    return this.packet(contents);
  }

  /** Decrypts the peer's next packet from `bytes` (length + sealed); null when forged. Returns the bytes used. */
  open(bytes: Uint8Array, aad: Uint8Array = new Uint8Array(0)): { contents: Uint8Array; ignore: boolean; used: number } | null {
    const c = this.requireCipher();
    const len = c.decryptLength(bytes.subarray(0, 3));
    const sealed = bytes.subarray(3, 3 + 1 + len + 16);
    const packet = c.decrypt(aad, sealed);
    return packet === null ? null : { contents: packet.contents, ignore: packet.ignore, used: 3 + 1 + len + 16 };
  }
}
