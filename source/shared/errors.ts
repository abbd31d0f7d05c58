// Typed errors. Protocol outcomes are values (see DecodeResult); these are for programmer errors and
// for typed failures that cross a boundary (CLI, API).

/** Base class of Canopy's typed errors; `code` is stable and machine-readable. */
export class CanopyError extends Error {
  /** Creates an error with a stable code. */
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'CanopyError';
  }
}

/** A decoding failure of bytes received from the network or read from disk. */
export class DecodeError extends CanopyError {
  /** Creates a decode error (`code` such as 'truncated', 'oversized', 'invalid'). */
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'DecodeError';
  }
}

/** The outcome of decoding untrusted bytes: a value, or a typed error. Never a throw. */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: DecodeError };

/** Wraps a value as a successful DecodeResult. */
export function ok<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

/** Builds a failed DecodeResult. */
export function fail<T>(code: string, message: string): DecodeResult<T> {
  return { ok: false, error: new DecodeError(code, message) };
}
