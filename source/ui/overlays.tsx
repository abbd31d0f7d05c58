// Full-screen views over the dashboard: the help overlay, the add-peer prompt, and the peer detail
// view (every PeerView field, per-message counters in an ink-table, the peer's history).
import React from 'react';
import { Box, Text } from 'ink';
import { CompactTable as Table } from './compact-table.js';
import type { PeerView } from '../engine/types.js';
import { clock, formatBytes, formatDuration, formatPing, formatServices } from './format.js';
import { sanitize } from './sanitize.js';

/** The help overlay. */
export function HelpOverlay({ width }: { width: number }): React.JSX.Element {
  const rows: [string, string][] = [
    ['a', 'add a peer (host[:port], [IPv6]:port, host name) — kept connected like --addnode'],
    ['d', 'drop the selected peer (a manual peer is also removed from the added list)'],
    ['b', 'drop the selected peer and ban its address for 24 h (manual peers are never banned)'],
    ['↑ ↓ / j k', 'select a peer'],
    ['Enter', 'peer detail: every field, message counters, history'],
    ['s', 'cycle the sort column (id, kind, ping, age, received)'],
    ['Tab', 'move focus between panes'],
    ['p', 'pause / resume the event log'],
    ['?', 'this help'],
    ['q / Ctrl-C', 'quit (the address book is saved first)'],
  ];
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 96)}>
      <Text bold>Canopy — keys</Text>
      {rows.map(([k, v]) => <Text key={k} wrap="truncate"><Text bold color="cyan">{k.padEnd(12)}</Text>{v}</Text>)}
      <Text> </Text>
      <Text dimColor wrap="wrap">Kinds: regular = automatic outbound slots · manual = added by you · feeler = short probe of an untried address · extra = opened when the tip is stale. Services: N network · W witness · NL network-limited · V2 BIP324 · CF compact filters · U utreexo.</Text>
      <Text dimColor>press any key to close</Text>
    </Box>
  );
}

/** The add-peer prompt with its inline error. */
export function AddPeerPrompt({ text, error, defaultPort, width }: { text: string; error: string | null; defaultPort: number; width: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 80)}>
      <Text bold>Add a peer</Text>
      <Text>address: <Text color="cyan">{sanitize(text, 60)}</Text><Text inverse> </Text></Text>
      <Text dimColor>host[:port] · IPv6 as [addr]:port · default port {defaultPort} · Enter adds · Esc cancels</Text>
      {error !== null ? <Text color="red">✗ {sanitize(error, 120)}</Text> : null}
    </Box>
  );
}

/** History lines shown in the peer detail at most. */
const DETAIL_HISTORY_LINES = 6;
/** Lines a table adds around its rows (top, heading, separator, bottom). */
const TABLE_FRAME_LINES = 4;

/** The peer detail view, fitted into `rows` lines (the message table shrinks first). */
export function PeerDetail({ peer, history, now, width, rows = 24 }: { peer: PeerView; history: readonly string[]; now: number; width: number; rows?: number }): React.JSX.Element {
  const fields: [string, string][] = [
    ['id', String(peer.id)], ['address', sanitize(peer.address, 60)], ['kind', peer.kind], ['state', peer.state],
    ['transport', `${peer.transport}${peer.v1Fallback ? ' (fell back from v2)' : ''}`], ['session id', peer.sessionId ?? '-'],
    ['services', `${formatServices(peer.services)} (0x${peer.services.toString(16)})`], ['version', String(peer.version ?? '-')],
    ['user agent', sanitize(peer.userAgent, 60)], ['start height', String(peer.startHeight ?? '-')], ['height', String(peer.height ?? '-')],
    ['ping (EMA / min)', `${formatPing(peer.pingMs)} / ${formatPing(peer.minPingMs)}`], ['sent / received', `${formatBytes(peer.bytesSent)} / ${formatBytes(peer.bytesReceived)}`],
    ['connected', peer.connectedAt !== null ? `${formatDuration(now - peer.connectedAt)} ago` : 'not yet'], ['network group', peer.networkGroup || '-'], ['ban score', String(peer.banScore)],
  ];
  const commands = [...new Set([...Object.keys(peer.messagesSent), ...Object.keys(peer.messagesReceived)])].sort();
  const table = commands.map((c) => ({
    message: sanitize(c, 12), sent: peer.messagesSent[c] ?? 0, 'bytes sent': formatBytes(peer.bytesSentPerMessage[c] ?? 0),
    recv: peer.messagesReceived[c] ?? 0, 'bytes recv': formatBytes(peer.bytesReceivedPerMessage[c] ?? 0),
  }));
  const sideBySide = width >= 124;
  // Budget: title 1, fields (and the table beside them when wide), History heading 1, history lines.
  const historyLines = history.slice(-Math.max(1, Math.min(DETAIL_HISTORY_LINES, rows - 1 - fields.length - 1)));
  const historyHeight = 1 + Math.max(1, historyLines.length);
  const tableRoom = sideBySide ? Math.max(fields.length, rows - 1 - historyHeight) : rows - 1 - fields.length - historyHeight;
  const tableRows = tableRoom - TABLE_FRAME_LINES;
  const shown = tableRows >= table.length ? table : table.slice(0, Math.max(0, tableRows - 1));
  let messages: React.JSX.Element | null;
  if (table.length === 0) messages = tableRoom >= 1 ? <Text dimColor>no messages yet</Text> : null;
  else if (shown.length === 0) messages = tableRoom >= 1 ? <Text dimColor wrap="truncate">{table.length} message types (a taller terminal shows the table)</Text> : null;
  else messages = (
    <Box flexDirection="column">
      <Table data={shown} padding={0} />
      {shown.length < table.length ? <Text dimColor>… {table.length - shown.length} more message types</Text> : null}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">Peer {peer.id} — {sanitize(peer.address, 40)}  <Text dimColor>(Esc or Enter to go back)</Text></Text>
      <Box flexDirection={sideBySide ? 'row' : 'column'}>
        <Box flexDirection="column" width={sideBySide ? 58 : width}>
          {fields.map(([k, v]) => <Text key={k} wrap="truncate"><Text dimColor>{k.padEnd(17)}</Text>{v}</Text>)}
        </Box>
        {messages}
      </Box>
      <Text bold>History</Text>
      {historyLines.map((h, i) => <Text key={i} wrap="truncate" dimColor>{h}</Text>)}
      {history.length === 0 ? <Text dimColor>(nothing recorded yet)</Text> : null}
    </Box>
  );
}

/** Formats a history line. */
export function historyLine(at: number, text: string): string {
  return `${clock(at)} ${text}`;
}
