// The dashboard's panes, each a pure rendering of the snapshot: status bar, peers table (ink-table),
// activity (feelers/extra peers), discovery (DNS seeds → fixed seeds), event log, key legend.
import React from 'react';
import { Box, Text } from 'ink';
import { CompactTable as Table } from './compact-table.js';
import type { PeerView, Snapshot } from '../engine/types.js';
import { clock, formatBytes, formatDuration, formatPing, formatServices, sparkline } from './format.js';
import { sanitize } from './sanitize.js';

/** One sample of the trend ring (from successive snapshots). */
export interface TrendSample {
  readonly at: number;
  readonly peers: number;
  readonly bytesPerSec: number;
}

/** A pane title: cyan and marked '▸' when the pane has focus (readable without colour too). */
function Title({ focused, children }: { focused: boolean; children: React.ReactNode }): React.JSX.Element {
  return focused ? <Text bold color="cyan">▸ {children}</Text> : <Text bold>  {children}</Text>;
}

const KIND_LABEL: Record<string, string> = { regular: 'regular', manual: 'manual', feeler: 'feeler', extra: 'extra', 'addr-fetch': 'fetch' };

/** Status bar: network, tip, slots, book, v2 share, traffic, uptime, trends. */
export function StatusBar({ s, width, trend, simulated }: { s: Snapshot; width: number; trend: readonly TrendSample[]; simulated: boolean }): React.JSX.Element {
  const ready = s.peers.filter((p) => p.state === 'ready');
  const v2 = ready.length === 0 ? 0 : Math.round((ready.filter((p) => p.transport === 'v2').length / ready.length) * 100);
  const tipAge = s.tip !== null ? formatDuration(s.now - s.tip.time * 1000) : '-';
  const c = s.counts;
  const spark = width >= 120 ? `  peers ${sparkline(trend.map((t) => t.peers), 12)}  B/s ${sparkline(trend.map((t) => t.bytesPerSec), 12)}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color="green">canopy</Text>
        <Text> {s.network}{simulated ? ' (simulated)' : ''}  </Text>
        <Text>tip <Text bold>{s.tip?.height ?? '-'}</Text> {tipAge}{s.tipStale ? <Text color="yellow"> stale</Text> : ''}  </Text>
        <Text>up {formatDuration(s.now - s.startedAt)}{s.proxy !== null ? `  proxy ${s.proxy}` : ''}{s.shuttingDown ? '  stopping…' : ''}</Text>
      </Text>
      <Text wrap="truncate">
        <Text>out <Text bold color={c.regular >= c.target ? 'green' : 'yellow'}>{c.regular}/{c.target}</Text>  manual {c.manual}  feeler {c.feeler}  extra {c.extra}  dialing {c.inFlight}  </Text>
        <Text>book {s.addressBook.new}/{s.addressBook.tried}  v2 {v2}%  ↓{formatBytes(s.totals.bytesReceived)} ↑{formatBytes(s.totals.bytesSent)}</Text>
        <Text dimColor>{spark}</Text>
      </Text>
    </Box>
  );
}

/** Sort keys the `s` key cycles through. */
export const SORT_KEYS = ['id', 'kind', 'ping', 'age', 'recv'] as const;
/** A sort key. */
export type SortKey = (typeof SORT_KEYS)[number];

/** Peers in display order. */
export function sortPeers(peers: readonly PeerView[], key: SortKey, now: number): PeerView[] {
  const by: Record<SortKey, (p: PeerView) => number | string> = {
    id: (p) => p.id, kind: (p) => `${p.kind}/${String(p.id).padStart(8, '0')}`, ping: (p) => p.pingMs ?? Infinity,
    age: (p) => -(now - (p.connectedAt ?? now)), recv: (p) => -p.bytesReceived,
  };
  const f = by[key];
  return [...peers].sort((a, b) => { const x = f(a), y = f(b); return x < y ? -1 : x > y ? 1 : a.id - b.id; });
}

/** The peers table (ink-table); the selected row is marked with '›'. */
export function PeersPane({ peers, selected, width, maxRows, sortKey, focused, now }: {
  peers: readonly PeerView[]; selected: number; width: number; maxRows: number; sortKey: SortKey; focused: boolean; now: number;
}): React.JSX.Element {
  const wide = width >= 118;
  const uaWidth = wide ? 22 : Math.max(8, width - 68);
  const start = Math.max(0, Math.min(selected - Math.floor(maxRows / 2), peers.length - maxRows));
  const visible = peers.slice(start, start + maxRows);
  const data = visible.map((p, i) => {
    const row: Record<string, string | number> = {
      ' ': start + i === selected ? '›' : ' ',
      id: p.id,
      address: sanitize(p.address, 28),
      kind: `${KIND_LABEL[p.kind] ?? p.kind}${p.state === 'ready' ? '' : '*'}`,
    };
    if (wide) { row['tx'] = p.transport; row['services'] = formatServices(p.services); }
    row['agent'] = sanitize(p.userAgent ?? (p.state === 'dialing' ? '(dialing)' : '…'), uaWidth);
    if (wide) row['height'] = p.height ?? '-';
    row['ping'] = formatPing(p.pingMs);
    if (wide) row['sent/recv'] = `${formatBytes(p.bytesSent)}/${formatBytes(p.bytesReceived)}`;
    row['age'] = formatDuration(now - (p.connectedAt ?? p.dialStartedAt));
    return row;
  });
  return (
    <Box flexDirection="column" width={width}>
      <Title focused={focused}>Peers ({peers.length}) · sort: {sortKey}{peers.length > maxRows ? ` · ${start + 1}-${start + visible.length}` : ''}</Title>
      {data.length === 0 ? <Text dimColor>  no peers yet — press a to add one</Text> : <Table data={data} padding={0} />}
    </Box>
  );
}

/** Feeler and extra-peer outcomes. */
export function ActivityPane({ s, width, lines, focused }: { s: Snapshot; width: number; lines: number; focused: boolean }): React.JSX.Element {
  const items = s.activity.filter((a) => a.outcome !== 'started').slice(-lines);
  const color = (o: string): string => (o === 'alive' || o === 'kept' ? 'green' : o === 'failed' ? 'red' : 'yellow');
  return (
    <Box flexDirection="column" width={width} paddingRight={1}>
      <Title focused={focused}>Feelers & extra peers</Title>
      {items.length === 0 ? <Text dimColor>  none yet</Text> : items.map((a, i) => (
        <Text key={i} wrap="truncate">{clock(a.at)} {a.kind.padEnd(6)} <Text color={color(a.outcome)}>{a.outcome.padEnd(6)}</Text> {sanitize(a.address, 22)} {sanitize(a.detail, 30)}</Text>
      ))}
    </Box>
  );
}

/** DNS seeds, fixed seeds, addr-fetch. */
export function DiscoveryPane({ s, width, lines, focused }: { s: Snapshot; width: number; lines: number; focused: boolean }): React.JSX.Element {
  const items = s.discovery.slice(-lines);
  const color = (step: string): string => (step === 'dns-failed' ? 'red' : step === 'fixed-seeds' || step === 'book-empty' ? 'yellow' : 'green');
  return (
    <Box flexDirection="column" width={width}>
      <Title focused={focused}>Discovery</Title>
      {items.length === 0 ? <Text dimColor>  address book in use</Text> : items.map((d, i) => (
        <Text key={i} wrap="truncate">{clock(d.at)} <Text color={color(d.step)}>{d.step.padEnd(11)}</Text> {sanitize(d.source, 24)} {d.step === 'dns-answer' || d.step === 'fixed-seeds' ? `${d.count} ` : ''}{sanitize(d.detail, 40)}</Text>
      ))}
    </Box>
  );
}

/** The scrolling event log. */
export function LogPane({ lines, width, height, paused, focused }: { lines: readonly string[]; width: number; height: number; paused: boolean; focused: boolean }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={width}>
      <Title focused={focused}>Log{paused ? ' (paused — p to resume)' : ''}</Title>
      {lines.slice(-height).map((l, i) => <Text key={i} wrap="truncate" dimColor>{l}</Text>)}
    </Box>
  );
}

/** The one-line key legend. */
export function Legend({ width }: { width: number }): React.JSX.Element {
  const text = width >= 120
    ? 'a add peer · d drop · b drop+ban · ↑↓/jk select · Enter detail · s sort · Tab pane · p pause log · ? help · q quit'
    : 'a add · d drop · b ban · ↑↓ move · ⏎ detail · s sort · p log · ? help · q quit';
  return <Text inverse wrap="truncate">{` ${text}`.padEnd(width)}</Text>;
}
