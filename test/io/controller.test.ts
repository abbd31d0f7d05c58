// The NodeController over a reactor and a small scripted engine: listeners registered before start
// see the first event; snapshots are pushed at least once a second and at most four times a second
// even under an event storm; close() asks the engine to shut down, waits for `stopped`, runs the
// final hook once and is idempotent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reactor, type EngineLike } from '../../source/io/reactor.js';
import { createController } from '../../source/io/controller.js';
import type { Effect, Input, Snapshot } from '../../source/engine/types.js';

function engine(): EngineLike & { shutdowns: number } {
  const e = {
    shutdowns: 0,
    handle(input: Input): Effect[] {
      if (input.type === 'start') return [{ type: 'event', event: { at: input.now, type: 'node-stopping' } }, { type: 'wake-at', at: input.now + 10 }];
      if (input.type === 'tick') return [{ type: 'wake-at', at: input.now + 10 }];
      if (input.type === 'command' && input.command.type === 'shutdown') {
        e.shutdowns++;
        return [{ type: 'command-result', requestId: input.requestId, result: { ok: true, message: 'bye' } }, { type: 'stopped' }];
      }
      return [];
    },
    snapshot(now: number): Snapshot { return { now } as unknown as Snapshot; },
  };
  return e;
}

const io = {
  now: () => Date.now(), dial: async () => ({ ok: false as const, reason: 'error' as const, detail: 'no dials here' }),
  resolveSeed: async (seed: string) => ({ seed, addresses: [] }), persist: async () => {}, appendHeaders: async () => {}, warn: () => {},
};

test('events before start are not missed; snapshots throttled to 1–4 per second; close is clean and idempotent', async () => {
  const e = engine();
  let afterStops = 0;
  const node = createController('regtest', () => new Reactor(e, io), { afterStop: () => { afterStops++; } });
  const events: string[] = [];
  node.onEvent((ev) => events.push(ev.type));
  const pushes: number[] = [];
  node.subscribe((s) => pushes.push(s.now));
  assert.throws(() => node.snapshot(), /not started/);
  await node.start();
  await node.start();
  assert.deepEqual(events, ['node-stopping']);
  // Ticks every 10 ms make the engine "change" ~100 times a second; pushes stay ≤ 4/s.
  await new Promise((r) => setTimeout(r, 2100));
  assert.ok(pushes.length >= 2 && pushes.length <= 10, `pushes in ~2 s: ${pushes.length}`);
  assert.equal(typeof node.snapshot().now, 'number');
  await Promise.all([node.close(), node.close()]);
  await node.close();
  assert.equal(e.shutdowns, 1);
  assert.equal(afterStops, 1);
  const result = await node.command({ type: 'shutdown' });
  assert.equal(result.ok, false);
});
