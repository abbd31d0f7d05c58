// Messages and bytes per command on one peer, both directions (Core: getpeerinfo's bytessent_per_msg
// and bytesrecv_per_msg, plus message counts; bytes include the 24-byte v1 header, as Core reports
// them). The commands the engine exchanges have their four counters side by side in one flat array
// per peer, found through one shared table: every message sent or received is counted, and a Map per
// peer with an object per command cost two or three cache misses each time. Other commands go to a
// small Map. Pure.

/** Counts for one command on one peer. */
export interface MessageTally {
  sent: number;
  sentBytes: number;
  received: number;
  receivedBytes: number;
}

/** Header bytes counted with each message (the v1 envelope, as Core counts it). */
const HEADER_BYTES = 24;

/** Commands with fixed cells (what the engine sends and the replies it expects; Core: protocol.h names). */
const COMMON_COMMANDS = [
  'version', 'verack', 'ping', 'pong', 'addr', 'addrv2', 'getaddr', 'sendaddrv2', 'wtxidrelay', 'sendheaders',
  'getheaders', 'headers', 'inv', 'getdata', 'notfound', 'sendcmpct', 'feefilter', 'reject',
] as const;

/** Cell offset of each common command's counters. */
const CELL_OF = new Map<string, number>(COMMON_COMMANDS.map((c, i) => [c, 4 * i]));

/** Zeroed counters for every common command, copied for each peer (a copy is one block move). */
const NO_MESSAGES: readonly number[] = Array.from({ length: 4 * COMMON_COMMANDS.length }, () => 0);

/** Offset of the messages-sent counter within a command's cells. */
const SENT = 0;
/** Offset of the bytes-sent counter. */
const SENT_BYTES = 1;
/** Offset of the messages-received counter. */
const RECEIVED = 2;
/** Offset of the bytes-received counter. */
const RECEIVED_BYTES = 3;

/** The per-command counters of one peer. */
export class MessageTallies {
  private readonly cells: number[] = NO_MESSAGES.slice();
  private others: Map<string, MessageTally> | undefined;
  /** Commands in the order they were first counted (the order entries() reports them in). */
  private readonly order: string[] = [];

  /** Counts one message of `command` (`payloadLength` bytes) in either direction. */
  add(command: string, payloadLength: number, sent: boolean): void {
    const at = CELL_OF.get(command);
    if (at !== undefined) {
      const cells = this.cells;
      if (cells[at + SENT] === 0 && cells[at + RECEIVED] === 0) this.order.push(command);
      const i = at + (sent ? SENT : RECEIVED);
      cells[i] = (cells[i] as number) + 1;
      cells[i + 1] = (cells[i + 1] as number) + payloadLength + HEADER_BYTES;
      return;
    }
    this.others ??= new Map();
    let tally = this.others.get(command);
    if (tally === undefined) {
      tally = { sent: 0, sentBytes: 0, received: 0, receivedBytes: 0 };
      this.others.set(command, tally);
      this.order.push(command);
    }
    if (sent) { tally.sent++; tally.sentBytes += payloadLength + HEADER_BYTES; }
    else { tally.received++; tally.receivedBytes += payloadLength + HEADER_BYTES; }
  }

  /** Every command with at least one message, with (a copy of) its counts, in first-counted order. */
  entries(): [string, MessageTally][] {
    return this.order.map((command): [string, MessageTally] => {
      const at = CELL_OF.get(command);
      if (at === undefined) return [command, { ...(this.others?.get(command) as MessageTally) }];
      const c = this.cells;
      return [command, { sent: c[at + SENT] ?? 0, sentBytes: c[at + SENT_BYTES] ?? 0, received: c[at + RECEIVED] ?? 0, receivedBytes: c[at + RECEIVED_BYTES] ?? 0 }];
    });
  }
}
