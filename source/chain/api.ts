// The contract between the engine and the header chain (implemented in source/chain/). Pure: the
// chain validates headers and keeps the most-work chain; the engine decides whom to ask and when.
import type { Millis } from '../shared/time.js';
import type { BlockHeader } from '../protocol/types.js';

/** The best validated header. */
export interface ChainTip {
  readonly height: number;
  /** Block hash, internal byte order. */
  readonly hash: Uint8Array;
  /** Display-order hex of the hash. */
  readonly hashHex: string;
  /** Block timestamp, Unix seconds. */
  readonly time: number;
  /** Cumulative work. */
  readonly work: bigint;
}

/** The outcome of offering a batch of headers. */
export type AcceptResult =
  | {
      readonly ok: true;
      /** Headers newly stored. */
      readonly added: number;
      /** True when the best tip changed. */
      readonly tipChanged: boolean;
      /** Height of the last header of the batch (known or new), for the sender's height. */
      readonly lastHeight: number;
      /** Serialized records to append to the header store (empty when nothing new); a view into pooled
       * memory, so read it through byteOffset/byteLength. */
      readonly records: Uint8Array;
    }
  | {
      readonly ok: false;
      /** 'unconnected' (prev unknown: not necessarily malicious), or a validation failure. */
      readonly code: 'unconnected' | 'bad-pow' | 'bad-bits' | 'bad-time' | 'time-too-new' | 'bad-version' | 'not-continuous' | 'checkpoint-mismatch' | 'low-work';
      readonly detail: string;
      /** Headers stored before the failure. */
      readonly added: number;
      /** True when the best tip changed before the failure. */
      readonly tipChanged: boolean;
      /** Misbehaviour points to add to the sender (0 for unconnected; Core gives 100 for invalid headers). */
      readonly banScore: number;
      readonly records: Uint8Array;
    };

/** The header chain as the engine uses it. */
export interface HeaderChain {
  /** The most-work validated tip. */
  tip(): ChainTip;
  /** A block locator for getheaders, from the tip back to genesis. */
  locator(): Uint8Array[];
  /** Validates and stores headers (in order); `now` bounds timestamps (2 h in the future). */
  accept(headers: readonly BlockHeader[], now: Millis): AcceptResult;
  /** accept() for headers given as concatenated 80-byte records (as a headers message carries them). */
  acceptRaw(raw: Uint8Array, now: Millis): AcceptResult;
  /** Height of a known header, or null. */
  heightOf(hash: Uint8Array): number | null;
  /** Number of headers stored (including genesis). */
  size(): number;
}
