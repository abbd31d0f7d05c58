// Inventory type codes of inv/getdata/notfound items (Core: protocol.h GetDataMsg).

/** Transaction by txid (Core: MSG_TX). */
export const MSG_TX = 1;
/** Block (Core: MSG_BLOCK). */
export const MSG_BLOCK = 2;
/** Merkle block for BIP37 filtering (Core: MSG_FILTERED_BLOCK). */
export const MSG_FILTERED_BLOCK = 3;
/** Compact block, BIP152 (Core: MSG_CMPCT_BLOCK). */
export const MSG_CMPCT_BLOCK = 4;
/** Transaction by wtxid, BIP339 (Core: MSG_WTX). */
export const MSG_WTX = 5;
/** Flag asking for witness serialization, BIP144 (Core: MSG_WITNESS_FLAG = 1 << 30). */
export const MSG_WITNESS_FLAG = 0x40000000;
/** Block with witness data (Core: MSG_WITNESS_BLOCK). */
export const MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG;
/** Transaction with witness data (Core: MSG_WITNESS_TX). */
export const MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG;

/** A short name for an inventory type code ("tx", "block", "witness-block", …, or "type N"). */
export function invTypeName(type: number): string {
  const base = type & ~MSG_WITNESS_FLAG;
  const names: Record<number, string> = { [MSG_TX]: 'tx', [MSG_BLOCK]: 'block', [MSG_FILTERED_BLOCK]: 'filtered-block', [MSG_CMPCT_BLOCK]: 'cmpct-block', [MSG_WTX]: 'wtx' };
  const name = names[base];
  if (name === undefined) return `type ${type >>> 0}`;
  return (type & MSG_WITNESS_FLAG) !== 0 ? `witness-${name}` : name;
}
