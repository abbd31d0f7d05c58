// The peers' deadline table and cached earliest deadline (engine/peer-wake.ts) against a full scan: a
// model test over random adds, timer changes (earlier, later, the same, to Infinity) and removals,
// reads and due-peer queries at random points; and whole simulations run with the engine's
// consistency check, which compares the table, the cache and the per-kind counts with the peers
// after every input (short-lived connections, failed dials, stalls that open extra peers, a
// partition, --connect, --addnode, no DNS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PeerWake, scanEarliest } from '../../source/engine/peer-wake.js';
import { createSimulation, type SimulationOptions } from '../../source/testing/simulator.js';
import { HOUR_MS, MINUTE_MS } from '../../source/shared/time.js';
import { fcParams } from '../protocol/arbitraries.js';

interface FakePeer { readonly id: number; deadline: number }

const deadline = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(Infinity));
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), deadline }),
  fc.record({ kind: fc.constant('change' as const), pick: fc.nat(), deadline }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('read' as const) }),
  fc.record({ kind: fc.constant('due' as const), now: fc.integer({ min: -1, max: 51 }) }),
);

test('property: the cached earliest deadline equals a full scan; the due peers are exactly those due, in order', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
    const peers = new Map<number, FakePeer>();
    const wake = new PeerWake();
    const of = (p: FakePeer): number => p.deadline;
    let nextId = 1;
    for (const o of ops) {
      const ids = [...peers.keys()];
      if (o.kind === 'add') {
        const p = { id: nextId++, deadline: o.deadline };
        peers.set(p.id, p);
        wake.update(p.id, p.deadline);
      } else if (o.kind === 'change' && ids.length > 0) {
        const p = peers.get(ids[o.pick % ids.length] ?? 0);
        if (p !== undefined) { p.deadline = o.deadline; wake.update(p.id, p.deadline); }
      } else if (o.kind === 'remove' && ids.length > 0) {
        const id = ids[o.pick % ids.length] ?? 0;
        peers.delete(id);
        wake.remove(id);
      } else if (o.kind === 'read') {
        assert.equal(wake.earliest(), scanEarliest(peers, of));
      } else if (o.kind === 'due') {
        // The due peers: exactly those at or before `now`, in the order they were added.
        assert.deepEqual(wake.due(o.now), [...peers.values()].filter((p) => p.deadline <= o.now).map((p) => p.id));
      }
    }
    assert.equal(wake.earliest(), scanEarliest(peers, of));
    assert.equal(wake.size, peers.size);
    for (const p of peers.values()) assert.equal(wake.recorded(p.id), p.deadline);
  }), fcParams(400));
});

test('simulations with the consistency check: the cache matches a scan after every input', () => {
  const scenarios: [string, Omit<SimulationOptions, 'seed'>][] = [
    ['short-lived connections, most dials failing', { peers: 1500, meanLifetimeMs: 5 * MINUTE_MS, dialFailureRate: 0.6 }],
    ['stalls (extra peers) and a partition', { peers: 1500, blockIntervalMs: 40 * MINUTE_MS }],
    ['liars', { peers: 500, lyingRate: 0.4 }],
    ['--addnode', { peers: 1000, addNodes: ['1.2.3.4', '5.6.7.8'] }],
    ['--connect', { peers: 1000, connect: ['5.6.7.8', '9.9.9.9'] }],
    ['no DNS seeds', { peers: 1000, useDnsSeeds: false }],
  ];
  scenarios.forEach(([name, options], i) => {
    const sim = createSimulation({ seed: 100 + i, checkConsistency: true, ...options });
    sim.advance(HOUR_MS);
    sim.partition(sim.snapshot().peers.slice(0, 3).map((p) => p.networkGroup), sim.now() + HOUR_MS);
    // A throw from the check inside advance() fails the test with the mismatch.
    sim.advance(3 * HOUR_MS);
    assert.ok(sim.stats.inputs > 100, `${name}: the simulation ran (${sim.stats.inputs} inputs)`);
  });
});
