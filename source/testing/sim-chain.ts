// The simulator's block chain: regtest headers mined on demand (regtest's powLimit accepts about one
// hash in two), with a lookup from hash to height so virtual peers can answer getheaders. Pure.
import { blockHash } from '../protocol/block-header.js';
import type { BlockHeader } from '../protocol/types.js';
import type { NetworkParams } from '../protocol/params.js';
import { toHex } from '../shared/bytes.js';

/** Regtest compact powLimit (Core: CRegTestParams). */
const REGTEST_BITS = 0x207fffff;

/** A growing regtest chain shared by every virtual peer. */
export class SimChain {
  readonly headers: BlockHeader[] = [];
  private readonly hashes: Uint8Array[] = [];
  private readonly heightByHash = new Map<string, number>();

  /** Starts from the network's genesis. */
  constructor(params: NetworkParams) {
    this.push(params.genesis);
  }

  private push(h: BlockHeader): void {
    const hash = blockHash(h);
    this.heightByHash.set(toHex(hash), this.headers.length);
    this.headers.push(h);
    this.hashes.push(hash);
  }

  /** Height of the tip. */
  get height(): number {
    return this.headers.length - 1;
  }

  /** Mines one header at `timeS` (Unix seconds) on the tip. */
  mine(timeS: number): BlockHeader {
    const prev = this.headers[this.headers.length - 1] as BlockHeader;
    const prevHash = this.hashes[this.hashes.length - 1] as Uint8Array;
    const merkleRoot = new Uint8Array(32);
    new DataView(merkleRoot.buffer).setUint32(0, this.headers.length, true);
    const time = Math.max(timeS, prev.time + 1);
    for (let nonce = 0; ; nonce++) {
      const h: BlockHeader = { version: 0x20000000, prevHash, merkleRoot, time, bits: REGTEST_BITS, nonce };
      const hash = blockHash(h);
      if ((hash[31] ?? 0xff) < 0x7f) {
        this.push(h);
        return h;
      }
    }
  }

  /** The headers after the first locator hash we know (at most `max`). */
  headersAfter(locator: readonly Uint8Array[], max: number): BlockHeader[] {
    let from = 0;
    for (const hash of locator) {
      const h = this.heightByHash.get(toHex(hash));
      if (h !== undefined) { from = h; break; }
    }
    return this.headers.slice(from + 1, from + 1 + max);
  }
}
