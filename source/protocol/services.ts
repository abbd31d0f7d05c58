// Service flags (the `services` bit field of version/addr messages): named constants with their
// origin, names for display, and parsing of user input such as `--services NETWORK,WITNESS`.

/** Full block history served (Core: protocol.h NODE_NETWORK). */
export const NODE_NETWORK = 1n << 0n;
/** BIP64 getutxo (Core: NODE_GETUTXO, obsolete). */
export const NODE_GETUTXO = 1n << 1n;
/** BIP37 bloom filters (Core: NODE_BLOOM, BIP111). */
export const NODE_BLOOM = 1n << 2n;
/** Segregated witness data (Core: NODE_WITNESS, BIP144). */
export const NODE_WITNESS = 1n << 3n;
/** Xtreme thin blocks (Bitcoin Unlimited; Core reserves the bit as NODE_XTHIN). */
export const NODE_XTHIN = 1n << 4n;
/** BIP157/158 compact block filters (Core: NODE_COMPACT_FILTERS). */
export const NODE_COMPACT_FILTERS = 1n << 6n;
/** Only the last 288 blocks served (Core: NODE_NETWORK_LIMITED, BIP159). */
export const NODE_NETWORK_LIMITED = 1n << 10n;
/** BIP324 v2 encrypted transport (Core: NODE_P2P_V2). */
export const NODE_P2P_V2 = 1n << 11n;
/** Utreexo inclusion proofs for new blocks (BIP-0183; Floresta: floresta-common service_flags::UTREEXO = 1 << 12). */
export const NODE_UTREEXO = 1n << 12n;
/** Utreexo proofs for all historical blocks (BIP-0183; Floresta: service_flags::UTREEXO_ARCHIVE = 1 << 13). */
export const NODE_UTREEXO_ARCHIVE = 1n << 13n;
/** Utreexo bit used by Floresta before BIP-0183 (Floresta ≤ early 2026: service_flags::UTREEXO = 1 << 24). */
export const NODE_UTREEXO_LEGACY = 1n << 24n;
/** Utreexo filter bit used by Floresta before BIP-0183 (Floresta: UTREEXO_FILTER = 1 << 25). */
export const NODE_UTREEXO_FILTER_LEGACY = 1n << 25n;

/** Known flags by short name, in bit order (names as Core's `getpeerinfo` servicesnames / Floresta show them). */
export const SERVICE_FLAGS: readonly { readonly name: string; readonly bit: bigint }[] = [
  { name: 'NETWORK', bit: NODE_NETWORK },
  { name: 'GETUTXO', bit: NODE_GETUTXO },
  { name: 'BLOOM', bit: NODE_BLOOM },
  { name: 'WITNESS', bit: NODE_WITNESS },
  { name: 'XTHIN', bit: NODE_XTHIN },
  { name: 'COMPACT_FILTERS', bit: NODE_COMPACT_FILTERS },
  { name: 'NETWORK_LIMITED', bit: NODE_NETWORK_LIMITED },
  { name: 'P2P_V2', bit: NODE_P2P_V2 },
  { name: 'UTREEXO', bit: NODE_UTREEXO },
  { name: 'UTREEXO_ARCHIVE', bit: NODE_UTREEXO_ARCHIVE },
  { name: 'UTREEXO_LEGACY', bit: NODE_UTREEXO_LEGACY },
  { name: 'UTREEXO_FILTER_LEGACY', bit: NODE_UTREEXO_FILTER_LEGACY },
];

/** Services Canopy requires of regular outbound peers by default (design.md §5 --services). */
export const DEFAULT_REQUIRED_SERVICES = NODE_NETWORK | NODE_WITNESS;

/** Services Canopy announces: none (it serves no blocks), like a light client; v2 support is announced by the caller. */
export const LOCAL_SERVICES_NONE = 0n;

const BY_NAME = new Map(SERVICE_FLAGS.map((f) => [f.name, f.bit]));
const BY_BIT = new Map(SERVICE_FLAGS.map((f) => [f.bit, f.name]));

/** Short names of the set bits, lowest first; unknown bits as "bit N". */
export function serviceNames(bits: bigint): string[] {
  const out: string[] = [];
  let v = BigInt.asUintN(64, bits);
  for (let i = 0n; v !== 0n; i++, v >>= 1n) {
    if ((v & 1n) === 0n) continue;
    out.push(BY_BIT.get(1n << i) ?? `bit ${i}`);
  }
  return out;
}

/** True when `have` includes every bit of `required`. */
export function hasServices(have: bigint, required: bigint): boolean {
  return (have & required) === required;
}

/** Result of parseServices. */
export type ParseServicesResult = { ok: true; value: bigint } | { ok: false; reason: string };

const U64_MAX = (1n << 64n) - 1n;

/**
 * Parses a service set: names ("NETWORK,WITNESS", case-insensitive, optional NODE_ prefix, separated
 * by commas, "|" or "+"; "bit N" / "bitN" for unnamed bits), hex ("0x9") or decimal ("9").
 * "none" and "0" mean no services. Never throws.
 */
export function parseServices(input: string): ParseServicesResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty service list (use names like NETWORK,WITNESS, a number like 9, or 0x9)' };
  if (/^0x[0-9a-f]+$/i.test(text) || /^\d+$/.test(text)) {
    const value = BigInt(text);
    if (value > U64_MAX) return { ok: false, reason: `service value ${text} does not fit in 64 bits` };
    return { ok: true, value };
  }
  if (text.toLowerCase() === 'none') return { ok: true, value: 0n };
  let value = 0n;
  for (const raw of text.split(/[,|+]/)) {
    const token = raw.trim().toUpperCase().replace(/^NODE_/, '');
    if (token === '') return { ok: false, reason: `empty name in service list "${text}"` };
    const bitMatch = /^BIT\s*(\d{1,2})$/.exec(token);
    if (bitMatch) {
      const n = Number(bitMatch[1]);
      if (n > 63) return { ok: false, reason: `service bit ${n} out of range (0-63)` };
      value |= 1n << BigInt(n);
      continue;
    }
    const bit = BY_NAME.get(token.replace(/[\s-]/g, '_'));
    if (bit === undefined) {
      return { ok: false, reason: `unknown service "${raw.trim()}" (known: ${SERVICE_FLAGS.map((f) => f.name).join(', ')}; or a number like 0x9)` };
    }
    value |= bit;
  }
  return { ok: true, value };
}

/** The service set as text for a user: names joined by "|" ("NETWORK|WITNESS"), or "NONE". */
export function formatServices(bits: bigint): string {
  const names = serviceNames(bits);
  return names.length === 0 ? 'NONE' : names.join('|');
}
