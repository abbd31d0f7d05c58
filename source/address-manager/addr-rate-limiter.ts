// Per-peer token bucket for addresses learnt from addr/addrv2 (Core: net_processing.cpp
// m_addr_token_bucket). Tokens accrue at 0.1/s up to 1000; each processed address costs one token;
// addresses beyond the tokens are dropped. Sending getaddr grants a burst (Core adds MAX_ADDR_TO_SEND).
// Pure: the caller passes `now`.
import type { Millis } from '../shared/time.js';

/** Tokens per second. Core: MAX_ADDR_RATE_PER_SECOND (0.1). */
export const MAX_ADDR_RATE_PER_SECOND = 0.1;
/** Bucket cap. Core: MAX_ADDR_PROCESSING_TOKEN_BUCKET (= MAX_ADDR_TO_SEND, 1000). */
export const MAX_ADDR_PROCESSING_TOKEN_BUCKET = 1000;
/** Tokens a new peer starts with. Core: Peer::m_addr_token_bucket{1.0}. */
export const INITIAL_ADDR_TOKENS = 1;

/** A token bucket for one peer's address relay. */
export class AddrRateLimiter {
  private tokens: number;
  private last: Millis;

  /** Creates a bucket holding `initial` tokens at `now`. */
  constructor(now: Millis, initial: number = INITIAL_ADDR_TOKENS) {
    this.tokens = initial;
    this.last = now;
  }

  private refill(now: Millis): void {
    if (now > this.last) {
      const gained = ((now - this.last) / 1000) * MAX_ADDR_RATE_PER_SECOND;
      // Core only refills up to the cap; a getaddr grant above the cap is kept until spent.
      if (this.tokens < MAX_ADDR_PROCESSING_TOKEN_BUCKET) this.tokens = Math.min(MAX_ADDR_PROCESSING_TOKEN_BUCKET, this.tokens + gained);
      this.last = now;
    }
  }

  /** Spends tokens for `count` addresses at `now`; returns how many of them may be processed. */
  take(now: Millis, count: number): number {
    this.refill(now);
    const allowed = Math.max(0, Math.min(count, Math.floor(this.tokens)));
    this.tokens -= allowed;
    return allowed;
  }

  /** Grants a burst after we sent getaddr. Core: m_addr_token_bucket += MAX_ADDR_TO_SEND. */
  grant(count: number = MAX_ADDR_PROCESSING_TOKEN_BUCKET): void {
    this.tokens += count;
  }

  /** Tokens currently available at `now` (for tests and the peer detail view). */
  available(now: Millis): number {
    this.refill(now);
    return this.tokens;
  }
}
