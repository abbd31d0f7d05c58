// The real CLI process: bad flags and unparsable addresses → exactly one line on stderr naming the
// flag, exit code 2, nothing on stdout, nothing started; --help lists the flags; --version prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliToEnd } from '../support/run-cli.js';

/** stderr without npm/node noise lines that are not ours. */
function ours(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
}

const cases: [string[], RegExp][] = [
  [['--network', 'regtest', '--connect', 'x'.repeat(3) + ' y'], /^canopy: --connect: "xxx y" is not a valid address \(.+\)$/],
  [['--network', 'mainnet'], /^canopy: --network: "mainnet" is not a network \(accepted: bitcoin, testnet, testnet4, signet, regtest\)$/],
  [['--network', 'regtest', '--addnode', '127.0.0.1:0'], /^canopy: --addnode: "127\.0\.0\.1:0" is not a valid address/],
  [['--network', 'regtest', '--proxy', 'nowhere'], /^canopy: --proxy: /],
  [['--network', 'regtest', '--services', 'FAST'], /^canopy: --services: unknown service "FAST"/],
  [['--network', 'regtest', '--dns-server', 'dns.example'], /^canopy: --dns-server: /],
  [['--network', 'regtest', '--bogus'], /^canopy: --bogus: unknown flag/],
];

for (const [args, expected] of cases) {
  test(`canopy ${args.join(' ')} → exit 2 with one line`, async () => {
    const { code, stdout, stderr } = await runCliToEnd(args);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    const lines = ours(stderr);
    assert.equal(lines.length, 1, `one line, got: ${JSON.stringify(lines)}`);
    assert.match(lines[0] ?? '', expected);
  });
}

test('canopy --help lists every flag; --version prints the version', async () => {
  const help = await runCliToEnd(['--help']);
  assert.equal(help.code, 0);
  for (const flag of ['--network', '--connect', '--addnode', '--proxy', '--proxy-user', '--proxy-pass', '--allow-v1-fallback', '--max-outbound',
    '--no-dns-seeds', '--dns-seed', '--dns-server', '--rpc-bind', '--metrics', '--services', '--datadir', '--json', '--log-file', '--simulate', '--seed']) {
    assert.ok(help.stdout.includes(flag), `help lists ${flag}`);
  }
  const version = await runCliToEnd(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), '0.1.0');
});
