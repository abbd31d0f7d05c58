// The dashboard (design.md §5): renders the throttled snapshot from a NodeController and turns keys
// into the same engine commands the control API uses. It never touches sockets.
//
//   main ──a──► prompt ──Enter (valid)──► add-peer ──► main      main ──?──► help ──any key──► main
//        ──Enter──► detail ──Esc/Enter──► main                     main ──q──► quitting (close node)
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import type { NodeController, NodeEvent, Snapshot } from '../engine/types.js';
import { parsePeerTarget } from '../protocol/netaddr.js';
import { networkParams } from '../protocol/networks.js';
import { ActivityPane, DiscoveryPane, Legend, LogPane, PeersPane, SORT_KEYS, StatusBar, sortPeers, type SortKey, type TrendSample } from './panes.js';
import { AddPeerPrompt, HelpOverlay, PeerDetail } from './overlays.js';
import { eventLine, historyEntry } from './events.js';

/** No modifier or special key (for characters replayed from a multi-key chunk). */
const NO_KEY = {} as Key;
/** The Enter key (replayed from a multi-key chunk). */
const RETURN_KEY = { return: true } as Key;

type Mode = 'main' | 'help' | 'prompt' | 'detail' | 'quitting';
const PANES = ['peers', 'activity', 'discovery', 'log'] as const;
/** Log lines kept. */
const LOG_LINES = 200;
/** Trend samples kept (one per snapshot second). */
const TREND_SAMPLES = 120;

/** Dashboard props. */
export interface AppProps {
  readonly controller: NodeController;
  readonly simulated: boolean;
  /** Called once the node is closed after q / Ctrl-C. */
  readonly onQuit?: () => void;
  /** Events emitted before the dashboard mounted (called once, when it subscribes). */
  readonly takeEarlyEvents?: () => readonly NodeEvent[];
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { columns: number; rows: number } => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => { stdout.off('resize', onResize); };
  }, [stdout]);
  return size;
}

/** The dashboard. */
export function App({ controller, simulated, onQuit, takeEarlyEvents }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [snapshot, setSnapshot] = useState<Snapshot>(() => controller.snapshot());
  // Mode and selection live in refs too: keys can arrive faster than React re-renders, and every key
  // must see the effect of the one before it (found under CI load: a quick j + Enter opened the wrong peer).
  const [mode, setModeState] = useState<Mode>('main');
  const modeRef = useRef<Mode>('main');
  const setMode = (m: Mode): void => { modeRef.current = m; setModeState(m); };
  const [, setSelectedState] = useState(0);
  const selectedRef = useRef(0);
  const setSelected = (update: (x: number) => number): void => { selectedRef.current = update(selectedRef.current); setSelectedState(selectedRef.current); };
  const [pane, setPane] = useState(0);
  const [sortKey, setSortKey] = useState<SortKey>('id');
  const [paused, setPaused] = useState(false);
  const [prompt, setPromptState] = useState('');
  /** The prompt's text, updated synchronously (keys can arrive faster than renders). */
  const promptText = useRef('');
  const setPrompt = (text: string): void => { promptText.current = text; setPromptState(text); };
  const [promptError, setPromptError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const log = useRef<string[]>([]);
  const frozenLog = useRef<string[] | null>(null);
  const history = useRef(new Map<number, string[]>());
  const trend = useRef<TrendSample[]>([]);

  useEffect(() => {
    const onEvent = (e: NodeEvent): void => {
      const line = eventLine(e);
      if (line !== null) { log.current.push(line); if (log.current.length > LOG_LINES) log.current.shift(); }
      const h = historyEntry(e);
      if (h !== null) {
        const list = history.current.get(h.peerId) ?? [];
        list.push(h.line);
        if (list.length > 30) list.shift();
        history.current.set(h.peerId, list);
      }
    };
    // Replay what happened before mounting, then follow live (same tick: nothing slips between).
    const early = takeEarlyEvents?.() ?? [];
    for (const e of early) onEvent(e);
    const offEvent = controller.onEvent(onEvent);
    if (early.length > 0) setSnapshot(controller.snapshot()); // draw the replayed log now
    const offSnap = controller.subscribe((s) => {
      const last = trend.current.at(-1);
      if (last === undefined || s.now - last.at >= 1000) {
        const bytes = s.totals.bytesReceived + s.totals.bytesSent;
        const prev = trend.current.at(-1);
        const bps = prev === undefined ? 0 : Math.max(0, (bytes - (prevBytes.current ?? bytes)) / Math.max(1, (s.now - prev.at) / 1000));
        prevBytes.current = bytes;
        trend.current.push({ at: s.now, peers: s.peers.filter((p) => p.state === 'ready').length, bytesPerSec: bps });
        if (trend.current.length > TREND_SAMPLES) trend.current.shift();
      }
      setSnapshot(s);
    });
    return () => { offEvent(); offSnap(); };
  }, [controller]);
  const prevBytes = useRef<number | null>(null);

  const peers = sortPeers(snapshot.peers, sortKey, snapshot.now);
  const sel = Math.min(selectedRef.current, Math.max(0, peers.length - 1));
  const defaultPort = networkParams(snapshot.network).defaultPort;

  const quit = (): void => {
    if (modeRef.current === 'quitting') return;
    setMode('quitting');
    void controller.close().finally(() => { onQuit?.(); exit(); });
  };
  const run = (cmd: Parameters<NodeController['command']>[0]): void => {
    void controller.command(cmd).then((r) => setNotice(r.ok ? r.message : `✗ ${r.reason}`));
  };

  const submit = (text: string): void => {
    setPrompt(text);
    const parsed = parsePeerTarget(text, defaultPort);
    if (!parsed.ok) { setPromptError(parsed.reason); return; }
    void controller.command({ type: 'add-peer', target: text.trim() }).then((r) => {
      if (r.ok) { setMode('main'); setPrompt(''); setPromptError(null); setNotice(r.message); }
      else setPromptError(r.reason);
    });
  };

  const mainKey = (input: string, key: Key): void => {
    if (input === 'q') { quit(); return; }
    if (input === '?') { setMode('help'); return; }
    if (input === 'a') { setMode('prompt'); setPrompt(''); setPromptError(null); return; }
    if (input === 'p') {
      frozenLog.current = paused ? null : [...log.current];
      setPaused(!paused);
      return;
    }
    if (input === 's') { setSortKey(SORT_KEYS[(SORT_KEYS.indexOf(sortKey) + 1) % SORT_KEYS.length] ?? 'id'); return; }
    if (key.tab) { setPane((p) => (p + 1) % PANES.length); return; }
    if (key.upArrow || input === 'k') { setSelected((x) => Math.max(0, Math.min(x, peers.length - 1) - 1)); return; }
    if (key.downArrow || input === 'j') { setSelected((x) => Math.min(Math.max(0, peers.length - 1), x + 1)); return; }
    const current = peers[Math.min(selectedRef.current, Math.max(0, peers.length - 1))];
    if (current === undefined) return;
    if (key.return) { setDetailId(current.id); setMode('detail'); return; }
    if (input === 'd') { run({ type: 'drop-peer', peerId: current.id }); return; }
    if (input === 'b') { run({ type: 'drop-peer', peerId: current.id, ban: true }); return; }
  };

  const onKey = (input: string, key: Key): void => {
    if (key.ctrl && input === 'c') { quit(); return; }
    const mode = modeRef.current;
    if (mode === 'quitting') return;
    if (mode === 'help') { setMode('main'); return; }
    if (mode === 'detail') { if (key.escape || key.return || input === 'q') setMode('main'); return; }
    if (mode === 'prompt') {
      if (key.escape) { setMode('main'); setPrompt(''); setPromptError(null); return; }
      // Keys may arrive one by one or coalesced in one chunk (a paste, fast typing, a pty):
      // replay the chunk character by character — erase, Enter, printable.
      let text = promptText.current;
      const chars = input.length > 0 ? [...input] : key.backspace || key.delete ? ['\x7f'] : [];
      if (key.return && !chars.includes('\r')) chars.push('\r');
      for (const ch of chars) {
        if (ch === '\r' || ch === '\n') { submit(text); return; }
        if (ch === '\x7f' || ch === '\x08') text = text.slice(0, -1);
        else if (/^[\x20-\x7e]$/.test(ch) && text.length < 300) text += ch;
      }
      promptText.current = text;
      setPrompt(text);
      setPromptError(null);
      return;
    }
    // Several keys may arrive in one chunk (fast typing, tmux, a pty): handle them one by one; once a
    // key opens the prompt, the rest of the chunk is typed into it.
    if (input.length > 1 && !key.tab && /^[\x20-\x7e\r]+$/.test(input)) {
      const chars = [...input];
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i] as string;
        if (modeRef.current !== 'main') { onKey(chars.slice(i).join(''), NO_KEY); return; }
        mainKey(ch === '\r' ? '' : ch, ch === '\r' ? RETURN_KEY : NO_KEY);
      }
      return;
    }
    mainKey(input, key);
  };
  useInput(onKey);

  if (mode === 'help') return <HelpOverlay width={columns} />;
  if (mode === 'detail') {
    const peer = snapshot.peers.find((p) => p.id === detailId);
    if (peer !== undefined) return <PeerDetail peer={peer} history={history.current.get(peer.id) ?? []} now={snapshot.now} width={columns} rows={rows} />;
  }
  const small = rows < 30;
  const sideLines = small ? 3 : 5;
  const baseLogHeight = small ? 3 : Math.max(4, rows - 30);
  // status 2 + table frame (title, top, heading, separator, bottom) 5 + side panes + log + notice 1 + legend 1
  const tableRows = Math.max(2, rows - (2 + 5 + (sideLines + 1) + (baseLogHeight + 1) + 2 + (mode === 'prompt' ? 5 : 0)));
  // Rows the peers table does not need go to the log (one kept for a row that may appear).
  const spare = Math.max(0, tableRows - Math.max(1, peers.length) - 1);
  const peerRows = tableRows - spare;
  const logHeight = baseLogHeight + spare;
  const half = Math.floor(columns / 2);
  return (
    <Box flexDirection="column" width={columns}>
      <StatusBar s={snapshot} width={columns} trend={trend.current} simulated={simulated} />
      {mode === 'prompt' ? <AddPeerPrompt text={prompt} error={promptError} defaultPort={defaultPort} width={columns} /> : null}
      <PeersPane peers={peers} selected={sel} width={columns} maxRows={peerRows} sortKey={sortKey} focused={pane === 0} now={snapshot.now} />
      <Box>
        <ActivityPane s={snapshot} width={half} lines={sideLines} focused={pane === 1} />
        <DiscoveryPane s={snapshot} width={columns - half} lines={sideLines} focused={pane === 2} />
      </Box>
      <LogPane lines={paused ? frozenLog.current ?? [] : log.current} width={columns} height={logHeight} paused={paused} focused={pane === 3} />
      {mode === 'quitting' ? <Text color="yellow">saving the address book and closing peers…</Text> : notice !== null ? <Text wrap="truncate">{notice.startsWith('✗') ? <Text color="red">{notice}</Text> : notice}</Text> : null}
      <Legend width={columns} />
    </Box>
  );
}
