// BIP324 message contents: a one-byte short id for the common message types, or 0x00 followed by
// the 12-byte, NUL-padded command for every other type.
//
//   contents = id(1..28) ‖ payload            (short)
//            = 0x00 ‖ command[12] ‖ payload   (long)
import { isValidCommand } from '../../protocol/envelope.js';
import { MESSAGE_TYPE_SIZE } from '../../protocol/limits.js';
import type { WireMessage } from '../../protocol/types.js';

/** The short message-id table of BIP324 (ids 1–28; 29–255 are unassigned and dropped on receipt). */
export const SHORT_IDS: readonly string[] = [
  '', 'addr', 'block', 'blocktxn', 'cmpctblock', 'feefilter', 'filteradd', 'filterclear', 'filterload',
  'getblocks', 'getblocktxn', 'getdata', 'getheaders', 'headers', 'inv', 'mempool', 'merkleblock',
  'notfound', 'ping', 'pong', 'sendcmpct', 'tx', 'getcfilters', 'cfilter', 'getcfheaders', 'cfheaders',
  'getcfcheckpt', 'cfcheckpt', 'addrv2',
];

const ID_OF: ReadonlyMap<string, number> = new Map(SHORT_IDS.map((name, id) => [name, id] as const).filter(([n]) => n !== ''));

/** The one-byte contents prefix of each short id, built once (callers only read it). */
const SHORT_PREFIX: ReadonlyMap<string, Uint8Array> = new Map([...ID_OF].map(([name, id]) => [name, Uint8Array.of(id)] as const));

/** Bytes in front of the payload for `command`: 1 for a short id, 13 otherwise (a shared array: read it, never write it). */
export function contentsPrefix(command: string): Uint8Array {
  const prefix = SHORT_PREFIX.get(command);
  if (prefix !== undefined) return prefix;
  if (!isValidCommand(command)) throw new RangeError(`invalid command ${JSON.stringify(command)}`);
  const out = new Uint8Array(1 + MESSAGE_TYPE_SIZE);
  for (let i = 0; i < command.length; i++) out[1 + i] = command.charCodeAt(i);
  return out;
}

/** Why packet contents carry no message. */
export type ContentsProblem = 'empty' | 'unknown-short-id' | 'bad-command';

/** Reads a message out of decrypted contents; a problem means Core drops the message (no disconnect). */
export function decodeContents(contents: Uint8Array): WireMessage | ContentsProblem {
  if (contents.length === 0) return 'empty';
  const first = contents[0] as number;
  if (first !== 0) {
    const command = SHORT_IDS[first];
    if (command === undefined) return 'unknown-short-id';
    return { command, payload: contents.subarray(1) };
  }
  if (contents.length < 1 + MESSAGE_TYPE_SIZE) return 'bad-command';
  let command = '';
  let ended = false;
  for (let i = 1; i <= MESSAGE_TYPE_SIZE; i++) {
    const c = contents[i] as number;
    if (ended) {
      if (c !== 0) return 'bad-command';
    } else if (c === 0) {
      ended = true;
    } else if (c < 0x20 || c > 0x7e) {
      return 'bad-command';
    } else {
      command += String.fromCharCode(c);
    }
  }
  if (command.length === 0) return 'bad-command';
  return { command, payload: contents.subarray(1 + MESSAGE_TYPE_SIZE) };
}
