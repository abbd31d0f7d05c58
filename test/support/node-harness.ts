// Runs a real Canopy node in the test process (createNode, regtest, temp data dir) and records its
// events, with helpers to wait for one. Always closed in the test's after() hook.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNode, type NodeOptions } from '../../source/io/node.js';
import type { RunningNode } from '../../source/io/controller.js';
import type { NodeEvent } from '../../source/engine/types.js';

/** A node under test. */
export interface TestNode {
  readonly node: RunningNode;
  readonly datadir: string;
  readonly events: NodeEvent[];
  readonly log: string[];
  /** Waits for the first event (already seen or future) of `type` matching `predicate`. */
  waitFor<T extends NodeEvent['type']>(type: T, predicate?: (e: Extract<NodeEvent, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<NodeEvent, { type: T }>>;
  close(): Promise<void>;
}

/** Starts a regtest node with `options` in a fresh temporary data directory. */
export async function startTestNode(options: NodeOptions): Promise<TestNode> {
  const datadir = options.datadir ?? mkdtempSync(join(tmpdir(), 'canopy-test-'));
  const log: string[] = [];
  // The engine's consistency checks run after every input in every real-node test.
  const node = createNode({ network: 'regtest', dnsSeeds: false, log: (l) => log.push(l), checkConsistency: true, ...options, datadir });
  const events: NodeEvent[] = [];
  const waiters = new Set<() => void>();
  node.onEvent((e) => { events.push(e); for (const w of waiters) w(); });
  await node.start();
  let closed = false;
  return {
    node, datadir, events, log,
    async waitFor(type, predicate = () => true, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find((e) => e.type === type && predicate(e as never));
        if (hit) return hit as never;
        if (Date.now() > deadline) {
          throw new Error(`no ${type} within ${timeoutMs} ms; saw: ${events.map((e) => e.type + ('reason' in e ? `(${String(e.reason)})` : '')).join(', ')}; log: ${log.join(' | ')}`);
        }
        await new Promise<void>((r) => { const w = (): void => { waiters.delete(w); r(); }; waiters.add(w); setTimeout(w, 100); });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await node.close();
      if (options.datadir === undefined) rmSync(datadir, { recursive: true, force: true });
    },
  };
}
