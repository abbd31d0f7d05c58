// What select() reads per drawn entry, kept by entry id in flat arrays beside the AddrInfo objects:
// the attempt-based chance (Core: AddrInfo::GetChance's 0.66^min(nAttempts, 8)), the last try, the
// entry's network (its BIP155 id) and the cached Candidate. A draw then reads one cell triple instead
// of a scattered AddrInfo object and its NetAddr, which is what bounds select's speed on a large book.
// The book updates these wherever attempts, the last try, services or the table of an entry change
// (and when an id is reused; the network is set when an id is given to an address). Pure.
import type { Millis } from '../shared/time.js';
import type { Candidate } from './api.js';
import { ATTEMPT_CHANCE_BASE, ATTEMPT_CHANCE_CAP, RECENT_TRY_MS } from './constants.js';

/** Ids the arrays hold before their first growth (Canopy: doubled on demand). */
const INITIAL_IDS = 1024;
/** Chance multiplier for an entry tried within RECENT_TRY_MS. Core: GetChance "fChance *= 0.01". */
const RECENT_TRY_FACTOR = 0.01;

/** ATTEMPT_CHANCE_BASE ** n for n = 0 … ATTEMPT_CHANCE_CAP (no Math.pow per draw). */
const CHANCE_BY_ATTEMPTS = Array.from({ length: ATTEMPT_CHANCE_CAP + 1 }, (_, n) => ATTEMPT_CHANCE_BASE ** n);

/** The attempts part of the chance (Core: pow(0.66, min(nAttempts, 8))). */
export function attemptChance(attempts: number): number {
  return CHANCE_BY_ATTEMPTS[Math.min(attempts, ATTEMPT_CHANCE_CAP)] ?? 0;
}

/** The relative chance from the attempts part and the last try (Core: AddrInfo::GetChance). */
export function chanceAt(base: number, lastTryMs: Millis, now: Millis): number {
  return now - lastTryMs < RECENT_TRY_MS ? base * RECENT_TRY_FACTOR : base;
}

/** Float64 cells per id: attempt chance, last try, BIP155 network id. */
const STRIDE = 3;

/** Per-id selection data: [attempt chance, last try, network id] cells and cached Candidates. */
export class SelectionState {
  private cells = new Float64Array(STRIDE * INITIAL_IDS);
  private readonly candidates: (Candidate | null)[] = [];

  private reserve(id: number): void {
    if (STRIDE * id + STRIDE <= this.cells.length) return;
    const bigger = new Float64Array(Math.max(this.cells.length * 2, STRIDE * id + STRIDE));
    bigger.set(this.cells);
    this.cells = bigger;
  }

  /** Records an entry's attempts and last try; drops its cached Candidate when `dropCandidate`. */
  set(id: number, attempts: number, lastTryMs: Millis, dropCandidate: boolean): void {
    this.reserve(id);
    this.cells[STRIDE * id] = attemptChance(attempts);
    this.cells[STRIDE * id + 1] = lastTryMs;
    if (dropCandidate) this.dropCandidate(id);
  }

  /** Records the BIP155 network id of the entry's address (set when the id is given to an address). */
  setNetwork(id: number, networkId: number): void {
    this.reserve(id);
    this.cells[STRIDE * id + 2] = networkId;
  }

  /** The BIP155 network id of the entry's address. */
  networkId(id: number): number {
    return this.cells[STRIDE * id + 2] ?? 0;
  }

  /** The entry's relative chance at `now` (Core: AddrInfo::GetChance). */
  chance(id: number, now: Millis): number {
    return chanceAt(this.cells[STRIDE * id] ?? 0, this.cells[STRIDE * id + 1] ?? 0, now);
  }

  /** The entry's last connection attempt (Core: m_last_try). */
  lastTry(id: number): Millis {
    return this.cells[STRIDE * id + 1] ?? 0;
  }

  /** True when the entry has fewer than `n` attempts (n ≤ ATTEMPT_CHANCE_CAP: up to there the
   * stored chance falls strictly with every attempt). */
  attemptsBelow(id: number, n: number): boolean {
    return (this.cells[STRIDE * id] ?? 0) > attemptChance(n);
  }

  /** The cached Candidate of an entry, or null. */
  candidate(id: number): Candidate | null {
    return this.candidates[id] ?? null;
  }

  /** Caches an entry's Candidate. */
  setCandidate(id: number, c: Candidate): void {
    this.candidates[id] = c;
  }

  /** Drops an entry's cached Candidate (its services or table changed, or the id was freed). */
  dropCandidate(id: number): void {
    while (this.candidates.length < id) this.candidates.push(null);
    this.candidates[id] = null;
  }
}
