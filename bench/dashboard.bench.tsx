// Dashboard cost: a synthetic controller feeds 125 peers (snapshots at the real controller's cadence,
// SNAPSHOT_MIN_INTERVAL_MS) and 50 events/s into the real Ink UI rendering to a stream for
// BENCH_DASHBOARD_S seconds (default 30); prints CPU time per second and peak RSS, beside the same
// feed with rendering disabled (baseline) in the same run.
import React from 'react';
import { PassThrough, Writable } from 'node:stream';
import { render } from 'ink';
import { App } from '../source/ui/app.js';
import { SNAPSHOT_MIN_INTERVAL_MS } from '../source/io/controller.js';
import type { NodeController, NodeEvent, PeerView, Snapshot } from '../source/engine/types.js';
import type { BenchResult } from './types.js';

const SECONDS = Number(process.env['BENCH_DASHBOARD_S'] ?? 30);

function makeFeed(): { controller: NodeController; start(): void; stop(): void } {
  const snapListeners = new Set<(s: Snapshot) => void>();
  const eventListeners = new Set<(e: NodeEvent) => void>();
  const t0 = Date.now();
  const peer = (id: number, now: number): PeerView => ({
    id, address: `10.${id}.0.1:8333`, kind: id % 17 === 0 ? 'manual' : id % 23 === 0 ? 'feeler' : 'regular', transport: id % 2 ? 'v2' : 'v1', state: 'ready',
    services: 1033, version: 70016, userAgent: `/Satoshi:27.${id % 3}.0/`, startHeight: 900_000, height: 900_000 + (id % 5), pingMs: 20 + (id * 7) % 300, minPingMs: 15,
    bytesSent: id * 1000 + (now - t0), bytesReceived: id * 9000 + 3 * (now - t0), messagesSent: { ping: id }, messagesReceived: { pong: id }, bytesSentPerMessage: {}, bytesReceivedPerMessage: {},
    connectedAt: t0 - id * 60_000, dialStartedAt: t0 - id * 60_000, lastSendAt: now, lastReceiveAt: now, lastBlockAt: null, banScore: 0, sessionId: null, networkGroup: `ipv4:10.${id}`, v1Fallback: false,
  });
  const snapshot = (): Snapshot => {
    const now = Date.now();
    return {
      now, startedAt: t0, network: 'bitcoin', tip: { height: 900_000, hash: 'ab'.repeat(32), time: Math.floor(now / 1000) - 60, advancedAt: now }, tipStale: false,
      counts: { regular: 118, target: 125, manual: 7, feeler: 0, extra: 0, addrFetch: 0, inFlight: 0 }, addressBook: { new: 60_000, tried: 4_000, banned: 3 },
      peers: Array.from({ length: 125 }, (_, i) => peer(i + 1, now)), added: [], bans: [], activity: [], discovery: [],
      totals: { bytesSent: now - t0, bytesReceived: 5 * (now - t0), v1Fallbacks: 0, dials: 200, dialFailures: 20 }, proxy: null, shuttingDown: false,
    };
  };
  let timers: NodeJS.Timeout[] = [];
  let n = 0;
  return {
    controller: {
      network: 'bitcoin', snapshot,
      subscribe: (l) => { snapListeners.add(l); return () => snapListeners.delete(l); },
      onEvent: (l) => { eventListeners.add(l); return () => eventListeners.delete(l); },
      command: async () => ({ ok: true, message: 'ok' }), close: async () => {},
    },
    start() {
      timers = [
        setInterval(() => { const s = snapshot(); for (const l of snapListeners) l(s); }, SNAPSHOT_MIN_INTERVAL_MS),
        setInterval(() => {
          const e: NodeEvent = { at: Date.now(), type: 'ping', peer: { id: 1 + (n++ % 125), address: '10.1.0.1:8333', kind: 'regular', transport: 'v2' }, pingMs: 42 };
          for (const l of eventListeners) l(e);
        }, 20),
      ];
    },
    stop() { for (const t of timers) clearInterval(t); },
  };
}

async function measure(rendering: boolean): Promise<{ cpuPerSec: number; peakRssMb: number }> {
  const feed = makeFeed();
  const sink = Object.assign(new Writable({ write(_c, _e, cb) { cb(); } }), { columns: 160, rows: 50, isTTY: true });
  // A terminal-like stdin (raw mode accepted), so the keyboard hooks mount as they do in a real terminal
  // even when the bench itself runs without one (CI, pipes): Ink refuses raw mode on a non-TTY stdin.
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  const instance = rendering ? render(<App controller={feed.controller} simulated={false} />, { stdout: sink as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false }) : null;
  if (!rendering) { feed.controller.subscribe(() => {}); feed.controller.onEvent(() => {}); }
  feed.start();
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 200);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - w0) / 1000;
  clearInterval(sampler);
  feed.stop();
  instance?.unmount();
  return { cpuPerSec: (cpu.user + cpu.system) / 1e6 / wall, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1024 / 1024 };
}

/** Runs the dashboard benchmark. */
export async function run(): Promise<BenchResult[]> {
  const base = await measure(false);
  const ui = await measure(true);
  return [
    { name: 'dashboard CPU (125 peers, 50 events/s)', value: ui.cpuPerSec * 100, unit: '% of a core', baseline: 'same feed, no rendering', baselineValue: base.cpuPerSec * 100, ratio: 10 / Math.max(0.01, ui.cpuPerSec * 100), goal: '< 10 % of a core (ratio = 10 % / value)' },
    { name: 'dashboard peak RSS', value: ui.peakRssMb, unit: 'MB', baseline: 'same feed, no rendering', baselineValue: base.peakRssMb, ratio: 150 / ui.peakRssMb, goal: '< 150 MB (ratio = 150 / value)' },
  ];
}
