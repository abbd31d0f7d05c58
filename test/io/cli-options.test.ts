// Flag validation: every bad value becomes one line naming the flag; good values become options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliFlags, findUnknownFlag, HELP_TEXT, CLI_FLAGS } from '../../source/io/cli-options.js';

function error(flags: Record<string, unknown>): string {
  const r = parseCliFlags(flags);
  assert.equal(r.ok, false, `expected an error for ${JSON.stringify(flags)}`);
  return r.ok ? '' : r.error;
}

test('defaults: bitcoin, no peers, DNS on, NETWORK|WITNESS required', () => {
  const r = parseCliFlags({ dnsSeeds: true });
  assert.ok(r.ok);
  assert.equal(r.options.network, 'bitcoin');
  assert.deepEqual(r.options.connect, []);
  assert.equal(r.options.dnsSeeds, true);
  assert.equal(r.options.services, 9n);
  assert.equal(r.options.maxOutbound, null);
  assert.equal(r.options.proxy, null);
});

test('a full regtest command line', () => {
  const r = parseCliFlags({
    network: 'regtest', connect: ['127.1.0.1', '127.2.0.1:18445', '[::1]:18444'], addnode: ['peer.example'],
    proxy: '127.0.0.1:9050', proxyUser: 'u', proxyPass: 'p', maxOutbound: '4', dnsSeeds: false, dnsSeed: ['seed.test'],
    dnsServer: '127.0.0.1:5353', rpcBind: '127.0.0.1:18443', metrics: '[::1]:9100', services: 'NETWORK', datadir: '/tmp/x',
    json: true, logFile: '/tmp/log', allowV1Fallback: true,
  });
  assert.ok(r.ok);
  const o = r.options;
  assert.equal(o.network, 'regtest');
  assert.deepEqual(o.connect, ['127.1.0.1', '127.2.0.1:18445', '[::1]:18444']);
  assert.deepEqual(o.proxy, { host: '127.0.0.1', port: 9050, user: 'u', password: 'p' });
  assert.equal(o.maxOutbound, 4);
  assert.equal(o.dnsSeeds, false);
  assert.deepEqual(o.dnsSeedList, ['seed.test']);
  assert.equal(o.dnsServer, '127.0.0.1:5353');
  assert.deepEqual(o.rpcBind, { host: '127.0.0.1', port: 18443 });
  assert.deepEqual(o.metrics, { host: '::1', port: 9100 });
  assert.equal(o.services, 1n);
  assert.equal(o.allowV1Fallback, true);
});

test('bad values: one line naming the flag', () => {
  assert.equal(error({ network: 'mainnet' }), 'canopy: --network: "mainnet" is not a network (accepted: bitcoin, testnet, testnet4, signet, regtest)');
  assert.match(error({ connect: ['x y'] }), /^canopy: --connect: "x y" is not a valid address \(.+\)$/);
  assert.match(error({ connect: ['1.2.3.256'] }), /^canopy: --connect: "1\.2\.3\.256" is not a valid address/);
  assert.match(error({ addnode: ['127.0.0.1:99999'] }), /^canopy: --addnode: .*invalid port/);
  assert.match(error({ proxy: '127.0.0.1' }), /^canopy: --proxy: /);
  assert.match(error({ proxyUser: 'u' }), /^canopy: --proxy-user: needs --proxy/);
  assert.match(error({ proxy: '127.0.0.1:9050', proxyUser: 'u' }), /^canopy: --proxy-pass: give both/);
  assert.match(error({ maxOutbound: 'lots' }), /^canopy: --max-outbound: "lots" is not a number/);
  assert.match(error({ dnsSeed: ['bad_name!'] }), /^canopy: --dns-seed: /);
  assert.match(error({ dnsServer: 'dns.example' }), /^canopy: --dns-server: /);
  assert.match(error({ rpcBind: 'nope' }), /^canopy: --rpc-bind: /);
  assert.match(error({ metrics: '127.0.0.1' }), /^canopy: --metrics: /);
  assert.match(error({ services: 'FAST' }), /^canopy: --services: unknown service "FAST"/);
  assert.match(error({ seed: '7' }), /^canopy: --seed: only applies with --simulate/);
  assert.match(error({ simulate: true, seed: '-1' }), /^canopy: --seed: /);
  for (const flags of [{ network: 'x' }, { connect: ['::::'] }, { services: '' }]) assert.ok(!error(flags).includes('\n'));
});

test('unknown flags are found before meow sees them; known ones and values pass', () => {
  assert.equal(findUnknownFlag(['--network', 'regtest', '--conect', '127.0.0.1']), '--conect');
  assert.equal(findUnknownFlag(['--no-dns-seeds', '--max-outbound=3', '--json']), null);
  assert.equal(findUnknownFlag(['--bogus=1']), '--bogus');
  assert.equal(findUnknownFlag(['--', '--whatever']), null);
});

test('--help lists every flag with a default', () => {
  for (const key of Object.keys(CLI_FLAGS)) {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    // A boolean flag that defaults to on is shown in its negated form (--no-dns-seeds, --no-v2).
    const spec = CLI_FLAGS[key as keyof typeof CLI_FLAGS] as { type: string; default?: unknown };
    const shown = spec.type === 'boolean' && spec.default === true ? `--no-${flag.slice(2)}` : flag;
    assert.ok(HELP_TEXT.includes(shown), `help mentions ${shown}`);
  }
  assert.match(HELP_TEXT, /default bitcoin/);
  assert.match(HELP_TEXT, /default 8/);
  assert.match(HELP_TEXT, /default NETWORK,WITNESS/);
});
