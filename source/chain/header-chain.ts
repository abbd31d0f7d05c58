// The headers-only chain: validates headers against the network's consensus rules (Core:
// CheckBlockHeader + ContextualCheckBlockHeader, headers-only) and keeps the most-work chain,
// reorganising when a branch with strictly more work appears (ties keep the first seen).
//
//   accept(batch) ─► per header: continuous with the previous one? ─► known? (skip)
//                    ─► parent known? (else 'unconnected', no ban) ─► checkpoint ─► proof of work
//                    ─► bits = next work required ─► time > median of 11 ─► BIP94 time-warp
//                    ─► time ≤ now + 2 h ─► version (BIP34/66/65) ─► store ─► more work? new tip
//
// Outcomes are values (AcceptResult), never exceptions. Storage: HeaderIndex (flat typed arrays).
// Persistence (io/header-store.ts): at start loadHeaderStore(dir) → chain.replay(headers); after
// each accept, append the result's `records` (also present on failures: headers stored before it).
// Signet's block signature is not visible in headers and is not checked (see consensus.ts).
import type { AcceptResult, ChainTip, HeaderChain } from './api.js';
import { compactToTarget, hashMeetsTarget, targetToLE, workFromTarget } from './bits.js';
import {
  adjustmentInterval, consensusParams, MAX_FUTURE_BLOCK_TIME_S, MAX_HEADERS_RESULTS, MAX_TIMEWARP_S, MEDIAN_TIME_SPAN,
  type Checkpoint, type ConsensusOverrides, type ConsensusParams,
} from './consensus.js';
import { newWalkMemo, nextWorkRequired } from './difficulty.js';
import { headerHashInto } from './header-hash.js';
import { HeaderIndex } from './header-index.js';
import { RECORD_SIZE, writeRecord } from './store-format.js';
import { encodeBlockHeader, writeBlockHeader } from '../protocol/block-header.js';
import type { NetworkName } from '../protocol/params.js';
import type { BlockHeader } from '../protocol/types.js';
import { ByteWriter, pooledBytes } from '../shared/bytes.js';
import { displayHexToHash, hashToDisplayHex } from '../shared/hash.js';
import type { Millis } from '../shared/time.js';

/** Misbehaviour for an invalid header (Core: net_processing Misbehaving for BLOCK_INVALID_HEADER et al.). */
export const INVALID_HEADER_BAN_SCORE = 100;

/** Failure codes of AcceptResult. */
export type RejectCode = Extract<AcceptResult, { ok: false }>['code'];

/** Options of a header chain. */
export interface HeaderChainOptions extends ConsensusOverrides {
  /** Headers to make room for up front (avoids growth copies; e.g. the expected chain height). */
  readonly capacityHint?: number;
}

interface Failure {
  code: RejectCode;
  detail: string;
  banScore: number;
}

/** A validated, most-work header chain in flat storage. */
export class FlatHeaderChain implements HeaderChain {
  /** The rules this chain enforces. */
  readonly params: ConsensusParams;
  private readonly index: HeaderIndex;
  private readonly interval: number;
  private readonly checkpointHash: Uint8Array | null;
  private tipIdx = 0;
  private cachedTip: ChainTip | null = null;
  // Per-bits cache of target bytes and work limbs (bits rarely change between headers).
  private lastBits = -1;
  private lastTargetLE: Uint8Array = new Uint8Array(32);
  private lastTargetOk = false;
  private readonly lastWork = new Uint32Array(4);
  private readonly hashBuf = new Uint8Array(64);
  /** The last header of the last batch (80 bytes, then its hash) and its index, −1 when none: once a
   * block is found, every peer announces the same header, and a repeat is known without hashing it. */
  private readonly lastHeader = new Uint8Array(80 + 32);
  private lastHeaderIdx = -1;
  private readonly walkMemo = newWalkMemo();
  private readonly mtpBuf = new Float64Array(MEDIAN_TIME_SPAN);

  /** Creates a chain holding only `params`' genesis header. */
  constructor(params: ConsensusParams, capacityHint = 1024) {
    this.params = params;
    this.interval = adjustmentInterval(params);
    this.index = new HeaderIndex(capacityHint);
    this.checkpointHash = params.checkpoint ? displayHexToHash(params.checkpoint.hashHex) : null;
    const g = encodeBlockHeader(params.genesis);
    headerHashInto(g, 0, this.hashBuf, 0);
    this.setBits(params.genesis.bits);
    this.index.add(g, 0, this.hashBuf, 0, -1, this.lastWork);
    this.index.setBestTip(0);
  }

  /** The most-work validated tip. */
  tip(): ChainTip {
    if (this.cachedTip) return this.cachedTip;
    const i = this.tipIdx;
    const hash = this.index.hash(i);
    this.cachedTip = { height: this.index.height(i), hash, hashHex: hashToDisplayHex(hash), time: this.index.time(i), work: this.index.chainWork(i) };
    return this.cachedTip;
  }

  /** Block locator from the tip: 10 single steps, then doubling, always ending at genesis (Core: LocatorEntries). */
  locator(): Uint8Array[] {
    const out: Uint8Array[] = [];
    let h = this.index.height(this.tipIdx);
    let step = 1;
    for (;;) {
      out.push(this.index.hash(this.index.bestAt(h)));
      if (h === 0) break;
      h = Math.max(h - step, 0);
      if (out.length > 10) step *= 2;
    }
    return out;
  }

  /** Height of a known header (any branch), or null. */
  heightOf(hash: Uint8Array): number | null {
    const i = this.index.find(hash, 0);
    return i < 0 ? null : this.index.height(i);
  }

  /** Number of headers stored, genesis included. */
  size(): number {
    return this.index.size();
  }

  /** The best chain's block hash at `height`, or null. */
  hashAt(height: number): Uint8Array | null {
    const i = this.index.bestAt(height);
    return i < 0 ? null : this.index.hash(i);
  }

  /** The best chain's 80-byte header at `height`, or null. */
  headerBytesAt(height: number): Uint8Array | null {
    const i = this.index.bestAt(height);
    if (i < 0) return null;
    const out = new Uint8Array(80);
    this.index.writeHeader(i, out, 0);
    return out;
  }

  /** Bytes held by the header storage arrays. */
  bytesHeld(): number {
    return this.index.bytesHeld();
  }

  /** Validates and stores decoded headers (see acceptRaw). */
  accept(headers: readonly BlockHeader[], now: Millis): AcceptResult {
    const w = new ByteWriter(headers.length * 80);
    for (const h of headers) writeBlockHeader(w, h);
    return this.acceptRaw(w.finish(), now);
  }

  /**
   * Replays headers loaded from the header store (io/header-store.ts) at start: full validation
   * except the future-time bound (they passed it when received). Their records are already on disk:
   * do not append the result's records again.
   */
  replay(raw: Uint8Array): AcceptResult {
    return this.acceptRaw(raw, Number.MAX_SAFE_INTEGER);
  }

  /** Validates and stores concatenated 80-byte headers, in order; `now` bounds timestamps. */
  acceptRaw(raw: Uint8Array, now: Millis): AcceptResult {
    const count = Math.floor(raw.length / 80);
    const nowS = Math.floor(now / 1000);
    // Uninitialised and pooled (a new Uint8Array over 64 bytes is allocated off the heap, ~µs): only
    // the written records, [0, added · RECORD_SIZE), are ever handed out.
    const records = pooledBytes(count * RECORD_SIZE);
    const oldTip = this.tipIdx;
    let added = 0;
    let last = -1;
    const hb = this.hashBuf;
    if (raw.length % 80 !== 0) return this.failed({ code: 'not-continuous', detail: 'batch is not a whole number of 80-byte headers', banScore: INVALID_HEADER_BAN_SCORE }, added, oldTip, records);
    // Core: headers with too little total work are ignored when the peer says it has no more (a short batch).
    if (this.params.minimumChainWork > 0n && count > 0 && count < MAX_HEADERS_RESULTS) {
      const low = this.lowWorkBatch(raw, count);
      if (low) return this.failed(low, added, oldTip, records);
    }
    for (let k = 0; k < count; k++) {
      const off = k * 80;
      // hb[0..32) = previous header's hash in this batch, hb[32..64) = this header's hash.
      const repeat = this.lastHeaderIdx >= 0 && sameBytes(raw, off, this.lastHeader, 0, 80);
      if (repeat) for (let b = 0; b < 32; b++) hb[32 + b] = this.lastHeader[80 + b]!;
      else headerHashInto(raw, off, hb, 32);
      if (k > 0 && !sameBytes(raw, off + 4, hb, 0, 32)) {
        return this.failed({ code: 'not-continuous', detail: `header ${k} does not build on header ${k - 1}`, banScore: INVALID_HEADER_BAN_SCORE }, added, oldTip, records);
      }
      const known = repeat ? this.lastHeaderIdx : this.index.find(hb, 32);
      if (k === count - 1 && known >= 0) this.rememberLast(raw, off, hb, known);
      if (known >= 0) {
        last = known;
        for (let b = 0; b < 32; b++) hb[b] = hb[32 + b]!;
        continue;
      }
      // Continuity was checked above, so inside a batch the parent is the previous header.
      const parent = k > 0 ? last : this.index.find(raw, off + 4);
      if (parent < 0) return this.failed({ code: 'unconnected', detail: `previous block ${hashToDisplayHex(raw.slice(off + 4, off + 36))} unknown`, banScore: 0 }, added, oldTip, records);
      const f = this.check(raw, off, hb, parent, nowS);
      if (f) return this.failed(f, added, oldTip, records);
      const i = this.index.add(raw, off, hb, 32, parent, this.lastWork);
      writeRecord(raw, off, hb, 32, records, added * RECORD_SIZE);
      if (k === count - 1) this.rememberLast(raw, off, hb, i);
      added++;
      last = i;
      if (this.index.compareWork(i, this.tipIdx) > 0) {
        this.index.setBestTip(i);
        this.tipIdx = i;
        this.cachedTip = null;
      }
      for (let b = 0; b < 32; b++) hb[b] = hb[32 + b]!;
    }
    return {
      ok: true, added, tipChanged: this.tipIdx !== oldTip, lastHeight: last < 0 ? this.index.height(this.tipIdx) : this.index.height(last),
      records: records.subarray(0, added * RECORD_SIZE),
    };
  }

  /** Keeps the header at raw[off..off+80) (its hash in hb[32..64)), stored at index `idx`, as the last one seen. */
  private rememberLast(raw: Uint8Array, off: number, hb: Uint8Array, idx: number): void {
    const m = this.lastHeader;
    for (let b = 0; b < 80; b++) m[b] = raw[off + b]!;
    for (let b = 0; b < 32; b++) m[80 + b] = hb[32 + b]!;
    this.lastHeaderIdx = idx;
  }

  /** The result of a batch that failed after `added` headers were stored. */
  private failed(f: Failure, added: number, oldTip: number, records: Uint8Array): AcceptResult {
    return {
      ok: false, code: f.code, detail: f.detail, added, tipChanged: this.tipIdx !== oldTip, banScore: f.banScore,
      records: records.subarray(0, added * RECORD_SIZE),
    };
  }

  /** Context checks of the header at raw[off..] (hash in hashBuf[32..64)) on top of `parent`; leaves its work in lastWork. */
  private check(raw: Uint8Array, off: number, hb: Uint8Array, parent: number, nowS: number): Failure | null {
    const p = this.params;
    const ix = this.index;
    const height = ix.height(parent) + 1;
    const version = (raw[off]! | (raw[off + 1]! << 8) | (raw[off + 2]! << 16) | (raw[off + 3]! << 24)) | 0;
    const time = u32(raw, off + 68);
    const bits = u32(raw, off + 72);
    const cp = p.checkpoint;
    if (cp && this.checkpointHash) {
      if (height === cp.height && !sameBytes(this.checkpointHash, 0, hb, 32, 32)) {
        return { code: 'checkpoint-mismatch', detail: `header at checkpoint height ${cp.height} is not ${cp.hashHex}`, banScore: INVALID_HEADER_BAN_SCORE };
      }
      // Core: bad-fork-prior-to-checkpoint. Once the checkpoint is stored, any new header at or below it is a fork.
      if (height <= cp.height && ix.find(this.checkpointHash, 0) >= 0) {
        return { code: 'checkpoint-mismatch', detail: `fork at height ${height} below checkpoint ${cp.height}`, banScore: INVALID_HEADER_BAN_SCORE };
      }
    }
    // Core: CheckProofOfWork (context-free): a valid, in-range target that the hash meets ("high-hash").
    this.setBits(bits);
    if (!this.lastTargetOk) return { code: 'bad-pow', detail: `nBits 0x${hex32(bits)} is not a valid target within powLimit`, banScore: INVALID_HEADER_BAN_SCORE };
    if (!hashMeetsTarget(hb, 32, this.lastTargetLE)) return { code: 'bad-pow', detail: `hash above target 0x${hex32(bits)} (high-hash)`, banScore: INVALID_HEADER_BAN_SCORE };
    // Core: ContextualCheckBlockHeader.
    const expected = nextWorkRequired(p, ix, parent, time, this.walkMemo);
    if (bits !== expected) return { code: 'bad-bits', detail: `nBits 0x${hex32(bits)}, expected 0x${hex32(expected)} (bad-diffbits)`, banScore: INVALID_HEADER_BAN_SCORE };
    if (!this.isAfterMedianTimePast(parent, time)) {
      const mtp = this.medianTimePast(parent);
      return { code: 'bad-time', detail: `time ${time} ≤ median time past ${mtp} (time-too-old)`, banScore: INVALID_HEADER_BAN_SCORE };
    }
    if (p.enforceBip94 && height % this.interval === 0 && time < ix.time(parent) - MAX_TIMEWARP_S) {
      return { code: 'bad-time', detail: `period start ${time} more than ${MAX_TIMEWARP_S} s before its parent (time-timewarp-attack)`, banScore: INVALID_HEADER_BAN_SCORE };
    }
    // Core: BLOCK_TIME_FUTURE is not punished (the header may become valid later).
    if (time > nowS + MAX_FUTURE_BLOCK_TIME_S) return { code: 'time-too-new', detail: `time ${time} more than 2 h after now ${nowS}`, banScore: 0 };
    if ((version < 2 && height >= p.bip34Height) || (version < 3 && height >= p.bip66Height) || (version < 4 && height >= p.bip65Height)) {
      return { code: 'bad-version', detail: `version 0x${hex32(version >>> 0)} obsolete at height ${height} (bad-version)`, banScore: INVALID_HEADER_BAN_SCORE };
    }
    return null;
  }

  /**
   * time > median of the last 11 timestamps ending at i, without sorting: with n timestamps the
   * median is the ⌊n/2⌋-th smallest, so `time` exceeds it iff at most n − ⌊n/2⌋ − 1 of them are ≥ time.
   */
  private isAfterMedianTimePast(i: number, time: number): boolean {
    let n = 0;
    let notBelow = 0;
    for (let x = i; x >= 0 && n < MEDIAN_TIME_SPAN; x = this.index.parent(x)) {
      n++;
      if (this.index.time(x) >= time) notBelow++;
    }
    return notBelow <= n - Math.floor(n / 2) - 1;
  }

  /** Median of the last 11 timestamps ending at header i (Core: GetMedianTimePast). */
  private medianTimePast(i: number): number {
    const t = this.mtpBuf;
    let n = 0;
    for (let x = i; x >= 0 && n < MEDIAN_TIME_SPAN; x = this.index.parent(x)) {
      // Insertion sort into the first n slots.
      const v = this.index.time(x);
      let k = n++;
      while (k > 0 && t[k - 1]! > v) { t[k] = t[k - 1]!; k--; }
      t[k] = v;
    }
    return t[Math.floor(n / 2)]!;
  }

  /** Sets the per-bits cache (target bytes, validity, work limbs). */
  private setBits(bits: number): void {
    if (bits === this.lastBits) return;
    this.lastBits = bits;
    const d = compactToTarget(bits);
    this.lastTargetOk = !d.negative && !d.overflow && d.target !== 0n && d.target <= this.params.powLimit;
    this.lastTargetLE = targetToLE(this.lastTargetOk ? d.target : 0n);
    let w = this.lastTargetOk ? workFromTarget(d.target) : 0n;
    for (let k = 0; k < 4; k++) {
      this.lastWork[k] = Number(w & 0xffffffffn);
      w >>= 32n;
    }
  }

  /** For a short batch: the low-work failure when even its claimed work cannot reach minimumChainWork. */
  private lowWorkBatch(raw: Uint8Array, count: number): Failure | null {
    const parent = this.index.find(raw, 4);
    if (parent < 0) return null; // reported as unconnected by the main loop
    let work = this.index.chainWork(parent);
    for (let k = 0; k < count; k++) {
      const d = compactToTarget(u32(raw, k * 80 + 72));
      if (!d.negative && !d.overflow && d.target > 0n) work += workFromTarget(d.target);
    }
    if (work >= this.params.minimumChainWork) return null;
    return { code: 'low-work', detail: `chain ends with work ${work} < minimum ${this.params.minimumChainWork}`, banScore: 0 };
  }
}

/** A header chain for `network` holding only its genesis header. */
export function createHeaderChain(network: NetworkName, options: HeaderChainOptions = {}): FlatHeaderChain {
  const overrides: { checkpoint?: Checkpoint | null; minimumChainWork?: bigint } = {};
  if (options.checkpoint !== undefined) overrides.checkpoint = options.checkpoint;
  if (options.minimumChainWork !== undefined) overrides.minimumChainWork = options.minimumChainWork;
  return new FlatHeaderChain(consensusParams(network, overrides), options.capacityHint ?? 1024);
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function sameBytes(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[ao + k] !== b[bo + k]) return false;
  return true;
}

function hex32(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
