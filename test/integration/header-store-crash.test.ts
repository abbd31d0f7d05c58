// Crash safety of headers.dat: a child process (this file in child mode) appends mined regtest
// headers in batches, printing the height after each append; the test SIGKILLs it at random moments
// (HEADERSTORE_CRASH_TRIALS, default 8; `npm run fuzz` runs 100) and checks that every
// restart loads without error, replays into a valid chain, and keeps every batch the child reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendHeaderRecords, loadHeaderStore } from '../../source/io/header-store.js';
import { encodeRecords } from '../../source/chain/store-format.js';
import { createHeaderChain } from '../../source/chain/header-chain.js';
import { networkParams } from '../../source/protocol/networks.js';
import { blockHash } from '../../source/protocol/block-header.js';
import { mineChain, nth } from '../chain/mine.js';
import { seededRandom } from '../../source/shared/random.js';

const CHILD_ENV = 'CANOPY_HEADERSTORE_CRASH_CHILD';

const TOTAL = 40_000;

async function childMain(dir: string): Promise<void> {
  const genesis = networkParams('regtest').genesis;
  let prev = blockHash(genesis);
  let time = genesis.time + 600;
  for (let h = 0; h < TOTAL; h += 20) {
    const { raw, hashes } = mineChain(prev, 20, time, h);
    prev = hashes.slice(19 * 32, 20 * 32);
    time += 20 * 600;
    await appendHeaderRecords(dir, encodeRecords(Array.from({ length: 20 }, (_, i) => nth(raw, i))));
    process.stdout.write(`appended ${h + 20}\n`);
  }
  await new Promise(() => {}); // wait to be killed
}

if (process.env[CHILD_ENV] !== undefined) {
  await childMain(process.env[CHILD_ENV] as string);
} else {
  test('SIGKILL during header-store appends: every restart loads, nothing reported is lost', async () => {
    const trials = Number(process.env['HEADERSTORE_CRASH_TRIALS'] ?? 8);
    const seed = Number(process.env['HEADERSTORE_CRASH_SEED'] ?? 20261125);
    const random = seededRandom(seed);
    let killedMidStream = 0;
    for (let trial = 0; trial < trials; trial++) {
      const dir = mkdtempSync(join(tmpdir(), 'canopy-hdr-crash-'));
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, [CHILD_ENV]: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
        let reported = 0;
        let out = '';
        const killAfter = random.nextInt(1500);
        await new Promise<void>((resolve) => {
          child.stdout.on('data', (d) => {
            out += d;
            const m = [...out.matchAll(/appended (\d+)/g)].at(-1);
            if (m) reported = Number(m[1]);
          });
          // Kill at a random moment once the child is appending (tsx start-up takes about a second).
          const arm = setInterval(() => { if (reported > 0) { clearInterval(arm); setTimeout(() => child.kill('SIGKILL'), killAfter); } }, 5);
          child.on('exit', () => resolve());
        });
        if (reported < TOTAL) killedMidStream++;
        const loaded = await loadHeaderStore(dir);
        assert.ok(loaded.count >= reported, `seed ${seed} trial ${trial}: ${loaded.count} headers on disk, child reported ${reported}`);
        const chain = createHeaderChain('regtest');
        const replay = chain.replay(loaded.headers);
        assert.ok(replay.ok, `seed ${seed} trial ${trial}: replay ${JSON.stringify(replay)}`);
        assert.equal(chain.tip().height, loaded.count);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    assert.ok(killedMidStream >= trials / 2, `most kills landed while appending (${killedMidStream}/${trials})`);
  });
}
