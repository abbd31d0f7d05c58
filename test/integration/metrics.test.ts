// Prometheus metrics of a real running Canopy connected to a real bcoin regtest node: the /metrics
// text is parsed by a strict text-format parser and checked for the families and live values.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { startTestNode, type TestNode } from '../support/node-harness.js';
import { freePort } from '../support/free-port.js';
import { startMetricsServer, type MetricsServer } from '../../source/io/metrics.js';
import { FAST_PING_OVERRIDE } from '../support/engine-overrides.js';

const HOST = '127.64.0.9';
let b: BcoinNode | undefined, t: TestNode | undefined, m: MetricsServer | undefined;
after(async () => { await m?.close(); await t?.close(); await b?.stop(); });

interface Sample { readonly name: string; readonly labels: Record<string, string>; readonly value: number }

/** Strict Prometheus text exposition parser (version 0.0.4): HELP/TYPE lines, samples, nothing else. */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) { types.set(type[1] as string, type[2] as string); continue; }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    assert.ok(m, `not a valid exposition line: ${line}`);
    const labels: Record<string, string> = {};
    if (m[3]) for (const part of m[3].match(/[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? []) {
      const eq = part.indexOf('=');
      labels[part.slice(0, eq)] = part.slice(eq + 2, -1);
    }
    samples.push({ name: m[1] as string, labels, value: Number(m[4]) });
  }
  return { types, samples };
}

function get(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    request({ host: HOST, port, path }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    }).on('error', reject).end();
  });
}

test('/metrics exposes peers by kind and transport, dials, bytes per message, handshake and ping latency', async () => {
  b = await startBcoin('127.65.0.1');
  b.autoUnban();
  t = await startTestNode({ localAddress: HOST, engineConfig: FAST_PING_OVERRIDE });
  m = await startMetricsServer(t.node, { host: HOST, port: await freePort(HOST) });
  assert.equal((await t.node.command({ type: 'add-peer', target: b.address })).ok, true);
  await t.waitFor('handshake-completed', (e) => e.peer.address === b?.address);
  await t.waitFor('ping', undefined, 30_000);
  const res = await get(m.port, '/metrics');
  assert.equal(res.status, 200);
  const { types, samples } = parsePrometheus(res.text);
  for (const [family, type] of [['canopy_peers', 'gauge'], ['canopy_dials_total', 'counter'], ['canopy_bytes_total', 'counter'], ['canopy_handshake_seconds', 'histogram'], ['canopy_ping_seconds', 'histogram'], ['canopy_address_book_entries', 'gauge'], ['canopy_feelers_total', 'counter'], ['canopy_extra_peers_total', 'counter'], ['canopy_dns_seed_queries_total', 'counter']]) {
    assert.equal(types.get(family as string), type, `${family} is a ${type}`);
  }
  const peer = samples.find((s) => s.name === 'canopy_peers' && s.labels['kind'] === 'manual' && s.labels['transport'] === 'v1' && s.labels['state'] === 'ready');
  assert.equal(peer?.value, 1);
  assert.equal(samples.find((s) => s.name === 'canopy_dials_total' && s.labels['outcome'] === 'connected')?.value, 1);
  assert.ok((samples.find((s) => s.name === 'canopy_bytes_total' && s.labels['direction'] === 'received' && s.labels['message'] === 'version')?.value ?? 0) > 0);
  assert.equal(samples.find((s) => s.name === 'canopy_handshake_seconds_count')?.value, 1);
  assert.ok((samples.find((s) => s.name === 'canopy_ping_seconds_count')?.value ?? 0) >= 1);
  assert.equal((await get(m.port, '/other')).status, 404);
});
