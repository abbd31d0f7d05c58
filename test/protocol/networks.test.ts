// Network parameters: genesis hashes computed from the headers match each network's known hash,
// magic values (signet's derived from its challenge), ports, DNS seeds, and the generated fixed seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../source/shared/bytes.js';
import { sha256d } from '../../source/shared/hash.js';
import { blockHashHex } from '../../source/protocol/block-header.js';
import { parseHost } from '../../source/protocol/netaddr.js';
import { dnsSeedQueryName, isNetworkName, networkByMagic, networkParams, SIGNET_DEFAULT_CHALLENGE_HEX } from '../../source/protocol/networks.js';
import { NETWORK_NAMES } from '../../source/protocol/params.js';
import { OUTPUT_FILE, readTsvFiles, renderModule, SEEDS_DIR } from '../../scripts/gen-fixed-seeds.js';

const KNOWN_GENESIS: Record<string, string> = {
  bitcoin: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
  testnet: '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943',
  testnet4: '00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043',
  signet: '00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6',
  regtest: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
};

test('blockHash(genesis) equals the known genesis hash of every network', () => {
  for (const name of NETWORK_NAMES) {
    const p = networkParams(name);
    assert.equal(blockHashHex(p.genesis), KNOWN_GENESIS[name], name);
    assert.equal(p.genesisHashHex, KNOWN_GENESIS[name], name);
  }
});

test('magic bytes and default ports (Core chainparams)', () => {
  const got = Object.fromEntries(NETWORK_NAMES.map((n) => [n, [toHex(networkParams(n).magic), networkParams(n).defaultPort]]));
  assert.deepEqual(got, {
    bitcoin: ['f9beb4d9', 8333], testnet: ['0b110907', 18333], testnet4: ['1c163f28', 48333], signet: ['0a03cf40', 38333], regtest: ['fabfb5da', 18444],
  });
  for (const n of NETWORK_NAMES) assert.equal(networkByMagic(networkParams(n).magic), n);
  assert.equal(networkByMagic(fromHex('00000000')), null);
});

test("signet's magic is the first 4 bytes of sha256d(CompactSize-prefixed default challenge)", () => {
  const challenge = fromHex(SIGNET_DEFAULT_CHALLENGE_HEX);
  const serialized = new Uint8Array([challenge.length, ...challenge]);
  assert.equal(toHex(sha256d(serialized).subarray(0, 4)), '0a03cf40');
});

test('DNS seeds: mainnet list from Core, service-bit filtering, regtest has none and allows private addresses', () => {
  const main = networkParams('bitcoin');
  assert.ok(main.dnsSeeds.includes('seed.bitcoin.sipa.be'));
  assert.equal(main.dnsSeeds.length, 8);
  assert.equal(main.dnsSeedsFilterServices, true);
  assert.equal(dnsSeedQueryName(main, 'seed.bitcoin.sipa.be', 9n), 'x9.seed.bitcoin.sipa.be');
  assert.equal(dnsSeedQueryName(main, 'seed.bitcoin.sipa.be', 0n), 'seed.bitcoin.sipa.be');
  assert.deepEqual(networkParams('testnet4').dnsSeeds, ['seed.testnet4.bitcoin.sprovoost.nl', 'seed.testnet4.wiz.biz']);
  const reg = networkParams('regtest');
  assert.deepEqual([reg.dnsSeeds.length, reg.dnsSeedsFilterServices, reg.allowPrivateAddresses], [0, false, true]);
  assert.equal(main.allowPrivateAddresses, false);
  for (const n of NETWORK_NAMES) for (const s of networkParams(n).dnsSeeds) assert.ok(!s.endsWith('.'), s);
  assert.equal(isNetworkName('testnet4'), true);
  assert.equal(isNetworkName('mainnet'), false);
});

test('fixed seeds: every entry parses as an address with a valid port; counts match the data files', () => {
  const counts = Object.fromEntries(NETWORK_NAMES.map((n) => [n, networkParams(n).fixedSeeds.length]));
  assert.deepEqual(counts, { bitcoin: 2063, testnet: 196, testnet4: 420, signet: 319, regtest: 1 });
  for (const n of NETWORK_NAMES) {
    for (const seed of networkParams(n).fixedSeeds) {
      const addr = parseHost(seed.host, seed.port, { cjdns: true });
      assert.ok(addr, `${n}: ${seed.host}`);
      assert.ok(seed.port >= 0 && seed.port <= 65535);
      if (addr.network !== 'i2p') assert.ok(seed.port > 0, `${n}: ${seed.host} port`);
      assert.equal(typeof seed.services, 'bigint');
    }
  }
  const first = networkParams('bitcoin').fixedSeeds[0];
  assert.deepEqual(first, { host: '189.44.63.101', port: 8333, services: 15369n });
  assert.deepEqual(networkParams('regtest').fixedSeeds, [{ host: '127.0.0.1', port: 18444, services: 16778317n }]);
  assert.ok(networkParams('bitcoin').fixedSeeds.some((s) => s.host.endsWith('.onion') && s.services === 9n));
});

test('the committed fixed-seeds.ts is what the generator makes from shared/data', () => {
  if (existsSync(SEEDS_DIR)) {
    assert.equal(readFileSync(OUTPUT_FILE, 'utf8'), renderModule(readTsvFiles()), 'run: npx tsx scripts/gen-fixed-seeds.ts');
  } else {
    // Installed without shared/: the committed module still yields the seeds.
    assert.ok(networkParams('bitcoin').fixedSeeds.length > 0);
  }
});

test('the generator rejects malformed lines', () => {
  const tsv = (text: string): Record<string, string> => ({ mainnet: text, testnet: '', testnet4: '', signet: '', regtest: '' });
  assert.throws(() => renderModule(tsv('1.2.3.4\t8333\n')), /mainnet:1/);
  assert.throws(() => renderModule(tsv('# c\n1.2.3.4\tx\t9\n')), /mainnet:2/);
  assert.match(renderModule(tsv('# c\n1.2.3.4\t8333\t9\n5.6.7.8\t8334\t1\n')), /"1\.2\.3\.4\\n5\.6\.7\.8\\t8334\\t1"/);
});
