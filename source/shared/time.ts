// Time units. The engine never reads a clock: every input carries `now`, in milliseconds.

/** Milliseconds: an instant since the Unix epoch, or a duration. */
export type Millis = number;

/** One second in milliseconds. */
export const SECOND_MS = 1000;
/** One minute in milliseconds. */
export const MINUTE_MS = 60 * SECOND_MS;
/** One hour in milliseconds. */
export const HOUR_MS = 60 * MINUTE_MS;
/** One day in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;

/** Unix seconds (the unit of Bitcoin's wire timestamps) for a Millis instant. */
export function toUnixSeconds(at: Millis): number {
  return Math.floor(at / SECOND_MS);
}
