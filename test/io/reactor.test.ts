// The reactor with real sockets and a small scripted engine: inputs are queued and never re-enter
// handle(); effects run in order (dial → dialed → send → received echo, close, wake-at → tick,
// persist, command-result, stopped); a peer that stops reading is dropped with "send queue full".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Reactor, MAX_SEND_QUEUE_BYTES, type EngineLike, type ReactorIo } from '../../source/io/reactor.js';
import { dialTcp } from '../../source/io/tcp-dialer.js';
import type { Effect, Input, Snapshot } from '../../source/engine/types.js';
import { waitFor } from '../support/free-port.js';

const closers: (() => Promise<void>)[] = [];
after(async () => { for (const c of closers) await c(); });

async function server(host: string, onSocket: (s: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); onSocket(s); });
  await new Promise<void>((r) => srv.listen(0, host, r));
  closers.push(async () => { for (const s of sockets) s.destroy(); await new Promise<void>((r) => srv.close(() => r())); });
  return (srv.address() as net.AddressInfo).port;
}

/** A scripted engine: `script` maps each input to effects; it records inputs and detects re-entrancy. */
function scripted(script: (input: Input) => Effect[]): EngineLike & { inputs: Input[]; reentered: boolean } {
  let inside = false;
  const engine = {
    inputs: [] as Input[],
    reentered: false,
    handle(input: Input): Effect[] {
      if (inside) engine.reentered = true;
      inside = true;
      try {
        engine.inputs.push(input);
        return script(input);
      } finally {
        inside = false;
      }
    },
    snapshot(now: number): Snapshot {
      return { now } as unknown as Snapshot;
    },
  };
  return engine;
}

function io(persisted: string[]): ReactorIo {
  return {
    now: () => Date.now(),
    dial: (target, timeoutMs) => dialTcp({ host: target.kind === 'addr' ? target.addr.bytes.join('.') : target.host, port: target.kind === 'addr' ? target.addr.port : target.port, timeoutMs }),
    resolveSeed: async (seed) => ({ seed, addresses: [] }),
    persist: async (file, bytes) => { persisted.push(`${file}:${bytes.length}`); },
    appendHeaders: async () => {},
    warn: () => {},
  };
}

test('dial, send, echo, wake-at tick, persist, command result, stop — no re-entrancy', async () => {
  const port = await server('127.41.0.1', (s) => s.pipe(s));
  const persisted: string[] = [];
  const addr = { network: 'ipv4' as const, bytes: new Uint8Array([127, 41, 0, 1]), port };
  let ticks = 0;
  const engine = scripted((input) => {
    switch (input.type) {
      case 'start': return [{ type: 'dial', peerId: 1, target: { kind: 'addr', addr }, timeoutMs: 2000 }, { type: 'wake-at', at: input.now + 50 }];
      case 'dialed': return [{ type: 'send', peerId: 1, bytes: new TextEncoder().encode('ping') }, { type: 'persist', file: 'peers', bytes: new Uint8Array(3) }];
      case 'received': return [{ type: 'event', event: { at: input.now, type: 'peer-added', target: new TextDecoder().decode(input.bytes) } }];
      case 'tick': ticks++; return [];
      case 'command': return [{ type: 'command-result', requestId: input.requestId, result: { ok: true, message: 'stopping' } }, { type: 'close', peerId: 1 }, { type: 'stopped' }];
      default: return [];
    }
  });
  const reactor = new Reactor(engine, io(persisted));
  const events: string[] = [];
  reactor.onEvent((e) => { if (e.type === 'peer-added') events.push(e.target); });
  reactor.start();
  await waitFor(() => events.join('') === 'ping' && ticks > 0, 'echo and a tick');
  const result = await reactor.command({ type: 'shutdown' });
  assert.deepEqual(result, { ok: true, message: 'stopping' });
  await reactor.stoppedPromise;
  await reactor.flushWrites();
  assert.equal(engine.reentered, false);
  assert.deepEqual(persisted, ['peers:3']);
  assert.deepEqual(engine.inputs.slice(0, 3).map((i) => i.type), ['start', 'dialed', 'received']);
  assert.ok(engine.inputs.every((i, k) => k === 0 || i.now >= (engine.inputs[k - 1]?.now ?? 0)), 'time never goes backwards');
  assert.equal(reactor.isStopped(), true);
});

test('a refused dial becomes dial-failed; a peer that stops reading is dropped (send queue full)', async () => {
  const paused: net.Socket[] = [];
  const port = await server('127.41.0.2', (s) => { s.pause(); paused.push(s); });
  const refusedPort = await new Promise<number>((r) => { const s = net.createServer(); s.listen(0, '127.41.0.4', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
  const chunk = new Uint8Array(1024 * 1024);
  const engine = scripted((input) => {
    switch (input.type) {
      case 'start': return [
        { type: 'dial', peerId: 1, target: { kind: 'name', host: '127.41.0.2', port }, timeoutMs: 2000 },
        { type: 'dial', peerId: 2, target: { kind: 'name', host: '127.41.0.4', port: refusedPort }, timeoutMs: 2000 },
      ];
      // Flood peer 1 far beyond the cap: it never reads.
      case 'dialed': return Array.from({ length: Math.ceil((2 * MAX_SEND_QUEUE_BYTES) / chunk.length) }, () => ({ type: 'send' as const, peerId: 1, bytes: chunk }));
      default: return [];
    }
  });
  const reactor = new Reactor(engine, io([]));
  reactor.start();
  await waitFor(() => engine.inputs.some((i) => i.type === 'closed') && engine.inputs.some((i) => i.type === 'dial-failed'), 'closed and dial-failed');
  const failed = engine.inputs.find((i) => i.type === 'dial-failed');
  assert.ok(failed?.type === 'dial-failed' && failed.peerId === 2 && failed.reason === 'refused');
  const closed = engine.inputs.find((i) => i.type === 'closed');
  assert.ok(closed?.type === 'closed' && closed.peerId === 1);
  assert.match(closed.detail ?? '', /^send queue full/);
  reactor.destroy();
  assert.equal(engine.reentered, false);
});

test('a close while the dial is in flight abandons it; a re-dial of the same peer id is reported', async () => {
  const port = await server('127.41.0.5', () => {});
  const addr = { network: 'ipv4' as const, bytes: new Uint8Array([127, 41, 0, 5]), port };
  const engine = scripted((input) => {
    if (input.type === 'start') {
      return [
        { type: 'dial', peerId: 7, target: { kind: 'addr', addr }, timeoutMs: 2000 },
        { type: 'close', peerId: 7 },
        { type: 'dial', peerId: 8, target: { kind: 'addr', addr }, timeoutMs: 2000 },
        { type: 'close', peerId: 8 },
        { type: 'dial', peerId: 8, target: { kind: 'addr', addr }, timeoutMs: 2000 },
      ];
    }
    return [];
  });
  const reactor = new Reactor(engine, io([]));
  reactor.start();
  await waitFor(() => engine.inputs.some((i) => i.type === 'dialed'), 'the re-dial');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(engine.inputs.filter((i) => i.type === 'dialed').map((i) => (i as { peerId: number }).peerId), [8]);
  reactor.destroy();
});
