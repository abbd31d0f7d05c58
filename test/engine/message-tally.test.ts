// Per-peer message counters: common commands in fixed cells, any other in a Map; both directions,
// bytes with the 24-byte header; entries() lists exactly the commands seen, with their counts, in the
// order they were first counted (as the per-peer Map they replace did).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MessageTallies, type MessageTally } from '../../source/engine/message-tally.js';

test('counts match a plain per-command model for any mix of commands and directions', () => {
  const command = fc.constantFrom('version', 'verack', 'ping', 'pong', 'addr', 'addrv2', 'headers', 'reject', 'tx', 'block', 'mempool', 'getcfilters');
  fc.assert(fc.property(fc.array(fc.tuple(command, fc.nat(4_000_000), fc.boolean()), { maxLength: 200 }), (messages) => {
    const tallies = new MessageTallies();
    const model = new Map<string, MessageTally>();
    for (const [c, length, sent] of messages) {
      tallies.add(c, length, sent);
      const t = model.get(c) ?? { sent: 0, sentBytes: 0, received: 0, receivedBytes: 0 };
      if (sent) { t.sent++; t.sentBytes += length + 24; } else { t.received++; t.receivedBytes += length + 24; }
      model.set(c, t);
    }
    // Same counts, and the same order as the model Map: the order each command was first counted.
    assert.deepEqual(tallies.entries(), [...model]);
  }), { seed: 20261130, numRuns: 200 });
});

test('entries() are copies: reading them does not change the counters', () => {
  const tallies = new MessageTallies();
  tallies.add('ping', 8, true);
  tallies.add('tx', 250, false);
  for (const [, t] of tallies.entries()) t.sent += 100;
  assert.deepEqual(tallies.entries(), [['ping', { sent: 1, sentBytes: 32, received: 0, receivedBytes: 0 }], ['tx', { sent: 0, sentBytes: 0, received: 1, receivedBytes: 274 }]]);
});
