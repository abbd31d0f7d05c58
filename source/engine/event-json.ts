// NodeEvent → one NDJSON line for `--json` and log files (design.md §5): `at` becomes an ISO `ts`
// placed first, then `type`, then the event's own fields; a tip carries {height, hash, time}. Pure.
import type { NodeEvent, TipView } from './types.js';

/** The JSON shape of a chain tip in events. */
function tipJson(tip: TipView): { height: number; hash: string; time: number } {
  return { height: tip.height, hash: tip.hash, time: tip.time };
}

/** The event as a plain JSON object (`ts` first, then `type`, then fields). */
export function eventToJson(event: NodeEvent): Record<string, unknown> {
  const { at, type, ...rest } = event as NodeEvent & Record<string, unknown>;
  const out: Record<string, unknown> = { ts: new Date(at).toISOString(), type };
  for (const [key, value] of Object.entries(rest)) {
    out[key] = key === 'tip' && value !== null && typeof value === 'object' ? tipJson(value as TipView) : value;
  }
  return out;
}

/**
 * Characters JSON.stringify leaves raw that a terminal or a log viewer may still act on: DEL, the C1
 * controls (0x9B is an 8-bit CSI), line/paragraph separators and bidi overrides (found by the
 * adversarial suite: a peer's user agent reached `canopy --json | cat` with a raw CSI).
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of NDJSON (no trailing newline); bigints become decimal strings; every control character is \u-escaped. */
export function eventToJsonLine(event: NodeEvent): string {
  const json = JSON.stringify(eventToJson(event), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
