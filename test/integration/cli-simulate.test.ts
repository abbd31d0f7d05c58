// `canopy --simulate --seed N --json`: the seeded simulator behind the same NodeController, no
// network: dials, connections and handshakes stream out as NDJSON; SIGINT exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.js';

test('canopy --simulate --seed 7 --json streams simulated peers and exits cleanly on SIGINT', async () => {
  const cli = runCli(['--simulate', '--seed', '7', '--json', '--network', 'regtest']);
  try {
    await cli.waitFor((e) => e['type'] === 'dial-started', 'dial-started');
    const hs = await cli.waitFor((e) => e['type'] === 'handshake-completed', 'handshake-completed', 30_000);
    assert.equal(typeof (hs['peer'] as { userAgent: unknown }).userAgent, 'string');
    cli.kill('SIGINT');
    assert.equal(await cli.exited, 0);
    assert.deepEqual(cli.junk, []);
  } finally {
    if (cli.child.exitCode === null) cli.kill('SIGKILL');
  }
});
