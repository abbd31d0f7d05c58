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

/** One line of NDJSON (no trailing newline); bigints become decimal strings. */
export function eventToJsonLine(event: NodeEvent): string {
  return JSON.stringify(eventToJson(event), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}
