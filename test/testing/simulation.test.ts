// Seeded network simulations around the real engine (design.md §6): convergence at 30 % dial
// failure, invariants checked on every effect over a simulated day with 10,000 virtual peers,
// partitions, liars, manual peers re-dialled, bans respected. The seed is printed on failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation, type Simulation } from '../../source/testing/simulator.js';
import { formatAddr } from '../../source/protocol/netaddr.js';
import { HOUR_MS, MINUTE_MS } from '../../source/shared/time.js';
import type { Effect } from '../../source/engine/types.js';

const SEED = Number(process.env['SIM_SEED'] ?? 20261125);

/** Checks the invariants on every effect; returns the violations found. */
function watchInvariants(sim: Simulation): string[] {
  const problems: string[] = [];
  sim.onEffect((effect: Effect, now) => {
    if (effect.type === 'dial' && effect.target.kind === 'addr' && sim.book.isBanned(effect.target.addr, now)) {
      problems.push(`banned address dialled: ${formatAddr(effect.target.addr)}`);
    }
    if (effect.type !== 'wake-at') return;
    const snap = sim.engine.snapshot(now);
    const regular = snap.peers.filter((p) => p.kind === 'regular' || p.kind === 'extra');
    const groups = new Set(regular.map((p) => p.networkGroup));
    if (groups.size !== regular.length) problems.push(`two outbound peers in one network group at ${now}`);
    if (snap.counts.regular > snap.counts.target) problems.push(`regular ${snap.counts.regular} above target ${snap.counts.target}`);
    if (snap.counts.extra > 1) problems.push('more than one extra peer');
    if (snap.counts.feeler > 1) problems.push('more than one feeler');
  });
  return problems;
}

test(`convergence: 8 regular peers within 5 simulated minutes at 30 % dial failure (seed ${SEED})`, () => {
  const sim = createSimulation({ checkConsistency: true, seed: SEED, peers: 3000, dialFailureRate: 0.3 });
  const problems = watchInvariants(sim);
  sim.advance(5 * MINUTE_MS);
  const snap = sim.snapshot();
  const ready = snap.peers.filter((p) => p.kind === 'regular' && p.state === 'ready').length;
  assert.equal(ready, 8, `seed ${SEED}: ${ready} ready regular peers`);
  assert.deepEqual(problems, [], `seed ${SEED}`);
  assert.ok(snap.discovery.some((d) => d.step === 'dns-answer'), 'the empty book was filled from DNS seeds');
});

test(`a simulated day with 10,000 peers, churn, liars, stalls and a partition keeps every invariant (seed ${SEED})`, () => {
  const sim = createSimulation({ checkConsistency: true, seed: SEED + 1, peers: 10_000, dialFailureRate: 0.3, lyingRate: 0.1 });
  const problems = watchInvariants(sim);
  const events = new Map<string, number>();
  let liarsDropped = 0;
  sim.onEvent((e) => {
    events.set(e.type, (events.get(e.type) ?? 0) + 1);
    if (e.type === 'peer-disconnected' && e.reason === 'missing-services') liarsDropped++;
  });
  sim.advance(HOUR_MS);
  // Cut off the groups of half the current peers for two hours.
  const groups = sim.snapshot().peers.slice(0, 4).map((p) => p.networkGroup);
  sim.partition(groups, sim.now() + 2 * HOUR_MS);
  sim.advance(23 * HOUR_MS);
  assert.deepEqual(problems.slice(0, 5), [], `seed ${SEED + 1}`);
  const snap = sim.snapshot();
  assert.equal(snap.peers.filter((p) => p.kind === 'regular' && p.state === 'ready').length, 8, `seed ${SEED + 1}: back at target`);
  assert.ok((events.get('feeler-finished') ?? 0) > 100, 'feelers ran all day');
  assert.ok((events.get('extra-opened') ?? 0) > 0, 'stalls opened extra peers');
  assert.ok(sim.stats.blocks > 50 && (snap.tip?.height ?? 0) > 200, 'the tip followed the mined chain');
  assert.ok(snap.addressBook.tried > 100, 'feelers and connections promoted addresses to tried');
  assert.ok(liarsDropped > 0, 'peers lying about their services were dropped');
});

test(`manual peers are always re-dialled; banned subnets are never dialled (seed ${SEED})`, () => {
  const sim = createSimulation({ checkConsistency: true, seed: SEED + 2, peers: 2000, dialFailureRate: 0.5 });
  const problems = watchInvariants(sim);
  sim.advance(2 * MINUTE_MS);
  const victim = sim.snapshot().peers.find((p) => p.kind === 'regular' && p.state === 'ready');
  assert.ok(victim);
  const host = victim.address.replace(/:\d+$/, '');
  const subnet = `${host.split('.').slice(0, 2).join('.')}.0.0/16`;
  assert.equal(sim.command({ type: 'ban', subnet }).ok, true);
  const manualTarget = sim.snapshot().peers.find((p) => p.kind === 'regular' && p.state === 'ready')?.address;
  assert.ok(manualTarget);
  assert.equal(sim.command({ type: 'drop-peer', address: manualTarget }).ok, true);
  assert.equal(sim.command({ type: 'add-peer', target: manualTarget }).ok, true);
  let manualDials = 0;
  sim.onEvent((e) => { if (e.type === 'dial-started' && e.peer.kind === 'manual') manualDials++; });
  sim.advance(6 * HOUR_MS);
  assert.deepEqual(problems, [], `seed ${SEED + 2}`);
  assert.ok(!sim.snapshot().peers.some((p) => p.address.startsWith(subnet.split('.0.0/')[0] + '.')), 'no peer inside the banned subnet');
  assert.ok(manualDials >= 2, `the added peer was re-dialled after churn (${manualDials} dials)`);
  assert.ok(sim.snapshot().added.length === 1);
});
