// DNS seeds with real components: the `canopy` CLI asks a dns2 server on loopback (--dns-seed,
// --dns-server), learns the addresses and dials them (scripted v1 peers answer); NXDOMAIN and
// timeouts are reported; with no seeds and an empty book the regtest fixed seed is used and said so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDnsServer } from '../support/dns-server.js';
import { startV1Responder } from '../support/v1-responders.js';
import { runCli } from '../support/run-cli.js';
import { startTestNode } from '../support/node-harness.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c().catch(() => {}); });

const dns = await startDnsServer({
  'seed.test': { kind: 'records', a: ['127.21.0.1', '127.22.0.1'] },
  'slow.test': { kind: 'silence' },
});
cleanup.push(() => dns.close());

test('canopy --dns-seed seed.test --dns-server <loopback>: learns addresses and dials them', async () => {
  for (const host of ['127.21.0.1', '127.22.0.1']) {
    const r = await startV1Responder(host, 'complete', 18444);
    cleanup.push(() => r.close());
  }
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-dns-'));
  cleanup.push(async () => rmSync(datadir, { recursive: true, force: true }));
  const cli = runCli(['--network', 'regtest', '--json', '--dns-seed', 'seed.test', '--dns-server', dns.address, '--allow-v1-fallback', '--datadir', datadir]);
  cleanup.push(async () => { cli.kill('SIGKILL'); await cli.exited; });
  await cli.waitFor((e) => e['type'] === 'dns-seed-queried' && e['seed'] === 'seed.test', 'dns-seed-queried');
  const answered = await cli.waitFor((e) => e['type'] === 'dns-seed-answered' && e['seed'] === 'seed.test', 'dns-seed-answered');
  assert.equal(answered['count'], 2);
  for (const address of ['127.21.0.1:18444', '127.22.0.1:18444']) {
    await cli.waitFor((e) => e['type'] === 'dial-started' && (e['peer'] as { address: string }).address === address, `dial to ${address}`);
  }
  await cli.waitFor((e) => e['type'] === 'handshake-completed', 'a handshake with a seeded peer');
  assert.ok(dns.queries.includes('seed.test'));
  cli.kill('SIGINT');
  assert.equal(await cli.exited, 0);
  assert.deepEqual(cli.junk, [], 'stdout carries only JSON events');
});

test('NXDOMAIN and a silent server are reported with a clear error', async () => {
  // A short resolver timeout keeps the silent case fast (production: 15 s).
  const t = await startTestNode({ dnsSeeds: true, dnsSeedList: ['missing.test', 'slow.test'], dnsServer: dns.address, engineConfig: { dnsTimeoutMs: 500 } });
  cleanup.push(() => t.close());
  const missing = await t.waitFor('dns-seed-answered', (e) => e.seed === 'missing.test');
  assert.equal(missing.count, 0);
  assert.equal(missing.error, 'no such name (NXDOMAIN)');
  const slow = await t.waitFor('dns-seed-answered', (e) => e.seed === 'slow.test', 60_000);
  assert.equal(slow.count, 0);
  assert.equal(slow.error, 'timed out');
});

test('no DNS seeds and an empty book: the regtest fixed seed is used, and said so', async () => {
  const t = await startTestNode({ dnsSeeds: false });
  cleanup.push(() => t.close());
  const used = await t.waitFor('fixed-seeds-used');
  assert.ok(used.count >= 1);
  assert.ok(used.reason.length > 0);
  await t.waitFor('dial-started', (e) => e.peer.address === '127.0.0.1:18444');
});

test('addresses learnt from a seed survive a restart (book saved on close, loaded at start)', async () => {
  const datadir = mkdtempSync(join(tmpdir(), 'canopy-dns-restart-'));
  cleanup.push(async () => rmSync(datadir, { recursive: true, force: true }));
  const first = await startTestNode({ datadir, dnsSeeds: true, dnsSeedList: ['seed.test'], dnsServer: dns.address });
  await first.waitFor('dns-seed-answered', (e) => e.seed === 'seed.test' && e.count === 2);
  await first.close();
  const second = await startTestNode({ datadir, dnsSeeds: false, connect: ['127.23.0.1:1'] });
  cleanup.push(() => second.close());
  const started = await second.waitFor('node-started');
  assert.ok(started.addressBook.new + started.addressBook.tried >= 2, `book after restart: ${JSON.stringify(started.addressBook)}`);
});
