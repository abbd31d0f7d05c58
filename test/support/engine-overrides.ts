// Engine constant overrides for integration tests (names from source/engine/config.ts), so timeouts
// that take a minute in production take a second or two here.

/** Handshake must complete within 1.5 s (production: 60 s, Core). */
export const HANDSHAKE_TIMEOUT_OVERRIDE: Readonly<Record<string, number>> = { handshakeTimeoutMs: 1500 };

/** Ping right away and often (production: every 60 s), so a ping event shows up within seconds. */
export const FAST_PING_OVERRIDE: Readonly<Record<string, number>> = { pingIntervalMs: 1000 };
