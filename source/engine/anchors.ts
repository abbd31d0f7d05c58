// anchors.dat: the two longest-lived regular peers at shutdown, dialled first at the next start
// (Core's anchors.dat idea; its own format is not reused). Format: "CNA1", count, then per entry
// BIP155 network id (1 byte), address length (1 byte), address bytes, port (u16 BE). Pure.
import { ByteReader, ByteWriter } from '../shared/bytes.js';
import { BIP155_ADDRESS_LENGTH, BIP155_NETWORK_ID, type NetAddr, type Network } from '../protocol/netaddr.js';

const MAGIC = [0x43, 0x4e, 0x41, 0x31]; // "CNA1"
const NETWORK_BY_ID = new Map<number, Network>(Object.entries(BIP155_NETWORK_ID).map(([k, v]) => [v, k as Network]));

/** Serializes anchor addresses. */
export function encodeAnchors(addrs: readonly NetAddr[]): Uint8Array {
  const w = new ByteWriter();
  for (const b of MAGIC) w.u8(b);
  w.u8(addrs.length);
  for (const a of addrs) w.u8(BIP155_NETWORK_ID[a.network]).u8(a.bytes.length).bytes(a.bytes).u16be(a.port);
  return w.finish();
}

/** Parses anchors.dat; anything malformed yields an empty list (anchors are a hint, never fatal). */
export function decodeAnchors(bytes: Uint8Array | null): NetAddr[] {
  if (bytes === null) return [];
  try {
    const r = new ByteReader(bytes);
    for (const b of MAGIC) if (r.u8() !== b) return [];
    const count = r.u8();
    const out: NetAddr[] = [];
    for (let i = 0; i < count && i < 16; i++) {
      const network = NETWORK_BY_ID.get(r.u8());
      const len = r.u8();
      const addrBytes = r.bytesN(len);
      const port = r.u16be();
      if (network !== undefined && len === BIP155_ADDRESS_LENGTH[network]) out.push({ network, bytes: addrBytes, port });
    }
    return out;
  } catch {
    return [];
  }
}
