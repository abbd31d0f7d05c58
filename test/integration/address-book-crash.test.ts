// Crash safety of the address-book file: a child process (this same file, in child mode) saves a
// large book in a loop with writeFileAtomic, stamping each save with a generation number in a ban
// reason; the test SIGKILLs it at random moments and checks that the file on disk always loads and
// holds either the last generation the child reported saved or the one it was writing — never garbage.
// Trials: ADDRBOOK_CRASH_TRIALS (default 20; `npm run fuzz` runs 100). Seed: ADDRBOOK_CRASH_SEED (printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddressManager } from '../../source/address-manager/address-manager.js';
import { deserializeBook } from '../../source/address-manager/serialize.js';
import { writeFileAtomic } from '../../source/io/atomic-file.js';
import { seededRandom } from '../../source/shared/random.js';

const CHILD_ENV = 'CANOPY_ADDRBOOK_CRASH_CHILD';
const T0 = 1_700_000_000_000;
const DAY_MS = 86_400_000;

/** Child mode: build a big book, then save it forever, printing "saved <generation>" after each save. */
async function childMain(path: string): Promise<void> {
  const book = new AddressManager({ random: seededRandom(7), allowPrivateAddresses: false });
  for (let i = 0; i < 30_000; i++) {
    const addr = { network: 'ipv4' as const, bytes: new Uint8Array([1 + (i % 97), (i >> 8) & 255, i & 255, 1 + (i % 200)]), port: 8333 };
    book.add([{ time: T0 / 1000 - 3600, services: 9n, addr }], { kind: 'peer', addr: { network: 'ipv4', bytes: new Uint8Array([20 + (i % 60), 1, 1, 1]), port: 8333 } }, T0);
  }
  for (let generation = 1; ; generation++) {
    book.ban('1.1.1.1', T0 + DAY_MS, `generation ${generation}`, T0);
    await writeFileAtomic(path, book.serialize());
    process.stdout.write(`saved ${generation}\n`);
  }
}

function generationOf(book: AddressManager): number {
  const reason = book.listBans(T0).find((b) => b.subnet === '1.1.1.1')?.reason ?? '';
  return Number(/^generation (\d+)$/.exec(reason)?.[1] ?? NaN);
}

if (process.env[CHILD_ENV]) {
  await childMain(process.env[CHILD_ENV]);
} else {
  const trials = Number(process.env.ADDRBOOK_CRASH_TRIALS ?? 20);
  const seed = Number(process.env.ADDRBOOK_CRASH_SEED ?? 20261125);
  console.log(`address-book crash test: ${trials} trials, seed ${seed} (ADDRBOOK_CRASH_TRIALS / ADDRBOOK_CRASH_SEED)`);

  test(`SIGKILL during saves never leaves an unloadable address book (${trials} trials)`, { timeout: 30_000 + trials * 5_000 }, async () => {
    const random = seededRandom(seed);
    const dir = mkdtempSync(join(tmpdir(), 'canopy-crash-'));
    const path = join(dir, 'peers.dat');
    try {
      for (let trial = 0; trial < trials; trial++) {
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
          env: { ...process.env, [CHILD_ENV]: path },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let lastSaved = 0;
        let buffered = '';
        const firstSave = new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString();
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines) lastSaved = Math.max(lastSaved, Number(line.split(' ')[1]));
            if (lastSaved > 0) resolve();
          });
          child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
        });
        const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
        await firstSave;
        // Kill at a random moment within the next few saves (each save takes a few milliseconds).
        await new Promise((r) => setTimeout(r, random.nextInt(120)));
        child.kill('SIGKILL');
        await exited;
        const bytes = readFileSync(path);
        const loaded = deserializeBook(bytes, { random: seededRandom(1), allowPrivateAddresses: false });
        assert.ok(loaded.ok, `trial ${trial}: the book on disk must load (${loaded.ok ? '' : loaded.error.message})`);
        const generation = generationOf(loaded.value);
        assert.ok(generation >= lastSaved && generation <= lastSaved + 1, `trial ${trial}: generation ${generation}, last reported ${lastSaved}`);
        assert.ok(loaded.value.size() > 10_000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
