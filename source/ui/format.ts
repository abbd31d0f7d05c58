// Pure formatters for the dashboard: durations, ages, byte counts, rates, services, pings, sparklines.
import { serviceNames } from '../protocol/services.js';

/** "45s", "12m", "3h05", "2d04". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}`;
}

/** "512B", "12.3k", "4.5M", "1.2G". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['k', 'M', 'G', 'T'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

/** Short service names (N W NL V2 CF U …). */
export function formatServices(services: number): string {
  const short: Record<string, string> = {
    NETWORK: 'N', BLOOM: 'B', WITNESS: 'W', COMPACT_FILTERS: 'CF', NETWORK_LIMITED: 'NL', P2P_V2: 'V2', UTREEXO: 'U', UTREEXO_ARCHIVE: 'UA', GETUTXO: 'G', XTHIN: 'X',
  };
  return serviceNames(BigInt(services)).map((n) => short[n] ?? n.replace(/^bit /, 'b')).join(' ') || '-';
}

/** "23ms", "1.2s", or "-". */
export function formatPing(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of `values` (the last `width` of them), scaled to their maximum. */
export function sparkline(values: readonly number[], width: number): string {
  const tail = values.slice(-width);
  const max = Math.max(1, ...tail);
  return tail.map((v) => BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))] ?? ' ').join('').padStart(width, ' ');
}

/** "HH:MM:SS" of an instant (UTC). */
export function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}
