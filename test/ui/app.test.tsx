// The dashboard with ink-testing-library: fixed snapshots (all connection kinds, v1/v2, DNS
// fall-back, hostile user agents) and key handling — the add-peer / drop flows run against the real
// engine through the simulated controller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../source/ui/app.js';
import { eventLine } from '../../source/ui/events.js';
import { sanitize, stripUnsafe, displayWidth } from '../../source/ui/sanitize.js';
import { createSimulatedController } from '../../source/testing/sim-controller.js';
import type { Command, CommandResult, NodeController, NodeEvent, PeerView, Snapshot } from '../../source/engine/types.js';

const tick = (ms = 60): Promise<void> => new Promise((r) => setTimeout(r, ms));
const NOW = Date.UTC(2026, 10, 25, 12);

function peer(id: number, over: Partial<PeerView>): PeerView {
  return {
    id, address: `127.${id}.0.1:18444`, kind: 'regular', transport: 'v2', state: 'ready', services: 9 | 2048, version: 70016,
    userAgent: '/Satoshi:28.0.0/', startHeight: 100, height: 120, pingMs: 42, minPingMs: 30, bytesSent: 2048, bytesReceived: 90_000,
    messagesSent: { ping: 3 }, messagesReceived: { pong: 3 }, bytesSentPerMessage: { ping: 96 }, bytesReceivedPerMessage: { pong: 96 },
    connectedAt: NOW - 600_000, dialStartedAt: NOW - 601_000, lastSendAt: NOW, lastReceiveAt: NOW, lastBlockAt: null, banScore: 0,
    sessionId: 'ab'.repeat(32), networkGroup: `ipv4:127.${id}`, v1Fallback: false, ...over,
  };
}

const HOSTILE = '/evil:1.0/\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b31m\u202eRTL\x00';
export const FIXTURE: Snapshot = {
  now: NOW, startedAt: NOW - 3_600_000, network: 'regtest', tip: { height: 120, hash: 'ab'.repeat(32), time: NOW / 1000 - 300, advancedAt: NOW - 300_000 }, tipStale: false,
  counts: { regular: 2, target: 8, manual: 1, feeler: 1, extra: 1, addrFetch: 0, inFlight: 1 },
  addressBook: { new: 1200, tried: 80, banned: 1 },
  peers: [
    peer(1, {}), peer(2, { transport: 'v1', v1Fallback: true, userAgent: HOSTILE }), peer(3, { kind: 'manual', userAgent: `/${'A'.repeat(10_000)}/` }),
    peer(4, { kind: 'feeler', userAgent: '/比特币节点:1.0/' }), peer(5, { kind: 'extra' }), peer(6, { state: 'dialing', userAgent: null, version: null }),
  ],
  added: [{ target: '127.3.0.1:18444', connected: true, peerId: 3, attempts: 0, nextAttemptAt: null }],
  bans: [{ subnet: '127.99.0.0/16', createdAt: NOW, until: NOW + 86_400_000, reason: 'misbehaving' }],
  activity: [{ at: NOW - 5000, kind: 'feeler', peerId: 4, address: '127.4.0.1:18444', outcome: 'alive', detail: 'handshake completed' }, { at: NOW - 1000, kind: 'extra', peerId: 5, address: '127.5.0.1:18444', outcome: 'kept', detail: 'new headers; evicted peer 7' }],
  discovery: [
    { at: NOW - 9000, step: 'book-empty', source: 'address book', count: 0, detail: 'no usable address in the book' },
    { at: NOW - 8000, step: 'dns-failed', source: 'x9.seed.test', count: 0, detail: 'no such name' },
    { at: NOW - 7000, step: 'fixed-seeds', source: 'regtest', count: 1, detail: 'DNS gave nothing → fixed seeds' },
  ],
  totals: { bytesSent: 10_000, bytesReceived: 500_000, v1Fallbacks: 1, dials: 9, dialFailures: 2 },
  proxy: null, shuttingDown: false,
};

/** A NodeController over a fixed snapshot that records commands. */
function fixedController(snapshot: Snapshot): NodeController & { commands: Command[] } {
  const commands: Command[] = [];
  return {
    network: 'regtest', commands,
    snapshot: () => snapshot,
    subscribe: () => () => {},
    onEvent: (_l: (e: NodeEvent) => void) => () => {},
    async command(c: Command): Promise<CommandResult> { commands.push(c); return { ok: true, message: `ok ${c.type}` }; },
    async close() {},
  };
}

test('renders every pane: status, peers of each kind, activity, discovery, legend', () => {
  const { lastFrame, unmount } = render(<App controller={fixedController(FIXTURE)} simulated={false} />);
  const frame = lastFrame() ?? '';
  for (const text of ['regtest', 'tip 120', 'out 2/8', 'manual 1', 'feeler 1', 'extra 1', 'book 1200/80', 'regular', 'manual', 'feeler', 'extra', 'alive', 'kept', 'dns-failed', 'fixed-seeds', 'a add', '? help']) {
    assert.ok(frame.includes(text), `frame shows "${text}"\n${frame}`);
  }
  unmount();
});

test('hostile user agents never reach the frame raw: no escapes, no title change, widths capped', () => {
  const { lastFrame, unmount } = render(<App controller={fixedController(FIXTURE)} simulated={false} />);
  const frame = lastFrame() ?? '';
  assert.ok(!frame.includes('\x1b]'), 'no OSC (title) sequence');
  assert.ok(!frame.includes('\x07') && !frame.includes('\x9b') && !frame.includes('\u202e') && !frame.includes('\x00'));
  assert.ok(!frame.includes('[2J'), 'no clear-screen');
  assert.ok(!frame.includes('A'.repeat(100)), 'the 10,000-character agent is cut');
  for (const line of frame.split('\n')) assert.ok(displayWidth(line.replace(/\x1b\[[0-9;]*m/g, '')) <= 100, `line fits: ${line}`);
  unmount();
});

test('sanitize: strips CSI/OSC/C1/bidi, keeps text, measures CJK as double width', () => {
  assert.equal(stripUnsafe(HOSTILE), '/evil:1.0/redRTL');
  assert.equal(sanitize('/比特币节点:1.0/', 8), '/比特币…');
  assert.equal(sanitize('/比特币节点:1.0/', 7), '/比特…');
  assert.equal(displayWidth('比特币'), 6);
  assert.equal(sanitize('\ud800lone'), '\ufffdlone');
});

test('keys: ? opens help, Enter opens the detail view, d drops the selected peer, b bans it, s sorts', async () => {
  const c = fixedController(FIXTURE);
  const { lastFrame, stdin, unmount } = render(<App controller={c} simulated={false} />);
  await tick();
  stdin.write('?');
  await tick();
  assert.match(lastFrame() ?? '', /Canopy — keys/);
  stdin.write('x');
  await tick();
  stdin.write('j'); // back to back, no wait: keys may come faster than renders
  stdin.write('\r');
  await tick();
  assert.match(lastFrame() ?? '', /Peer 2 — 127\.2\.0\.1:18444/);
  assert.match(lastFrame() ?? '', /fell back from v2/);
  stdin.write('\r'); // back to the list (Enter; an Escape followed quickly by a key reads as Meta-key)
  await tick();
  stdin.write('d');
  await tick();
  stdin.write('b');
  await tick();
  assert.deepEqual(c.commands, [{ type: 'drop-peer', peerId: 2 }, { type: 'drop-peer', peerId: 2, ban: true }]);
  stdin.write('s');
  await tick();
  assert.match(lastFrame() ?? '', /sort: kind/);
  unmount();
});

test('a: a bad address shows an inline error and changes nothing; a good one is added as a manual peer (real engine)', async () => {
  const node = createSimulatedController({ seed: 11, peers: 300 });
  node.simulation.advance(60_000);
  const { lastFrame, stdin, unmount } = render(<App controller={node} simulated />);
  await tick();
  stdin.write('a'); // back to back, no wait: typed right after the key that opens the prompt
  stdin.write('300.1.2.3');
  stdin.write('\r');
  await tick(100);
  assert.match(lastFrame() ?? '', /not a valid IPv4 address/);
  assert.equal(node.snapshot().added.length, 0);
  for (let i = 0; i < 9; i++) stdin.write('\u007f');
  await tick();
  stdin.write('127.44.0.1\r');
  await tick(150);
  assert.equal(node.simulation.snapshot().added[0]?.target, '127.44.0.1:18444');
  assert.ok(node.simulation.snapshot().peers.some((p) => p.address === '127.44.0.1:18444' && p.kind === 'manual'));
  stdin.write('a');
  await tick();
  stdin.write('127.44.0.1\r');
  await tick(150);
  assert.match(lastFrame() ?? '', /already/);
  unmount();
  await node.close();
});

test('events from before the dashboard mounted are replayed into the log and the peer history', async () => {
  const node = createSimulatedController({ seed: 12, peers: 300 });
  const early: NodeEvent[] = [];
  const off = node.onEvent((e) => early.push(e));
  node.simulation.advance(2_000); // the start-up burst happens before the App exists
  assert.ok(early.some((e) => e.type === 'node-started'));
  const firstDial = early.find((e) => e.type === 'dial-started');
  assert.ok(firstDial?.type === 'dial-started');
  const lastLine = early.map(eventLine).filter((l) => l !== null).at(-1) ?? '';
  assert.ok(lastLine !== '');
  let taken = 0;
  const takeEarlyEvents = (): NodeEvent[] => { taken++; off(); return early.splice(0); };
  const { lastFrame, stdin, unmount } = render(<App controller={node} simulated takeEarlyEvents={takeEarlyEvents} />);
  await tick();
  assert.equal(taken, 1, 'taken once, when the App subscribes');
  assert.ok((lastFrame() ?? '').includes(lastLine.slice(0, 60)), `the log shows the last start-up event: ${lastLine}`);
  // The first dialled peer (selected: the table is sorted by id) has its pre-mount dial in its history.
  assert.equal(Math.min(...node.snapshot().peers.map((p) => p.id)), firstDial.peer.id);
  stdin.write('\r');
  await tick();
  assert.match(lastFrame() ?? '', /History[\s\S]*dial \(regular/);
  unmount();
  await node.close();
});
