// `npm run soak` (not part of npm test): SOAK_MINUTES (default 60) of churn against a dozen real
// bcoin regtest nodes on loopback that are killed and restarted at random, plus hostile peers, with
// Canopy running as a real child process (`canopy --json`). Prints reconnects, bans, errors, the
// child's peak RSS and its trend after warm-up (slope of a least-squares line, MB per hour).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBcoin, type BcoinNode } from '../support/bcoin.js';
import { runCli } from '../support/run-cli.js';
import { startHostilePeer, type HostilePeer } from '../../source/testing/hostile-peer.js';
import { networkParams } from '../../source/protocol/networks.js';
import { seededRandom } from '../../source/shared/random.js';

const guard = pathToFileURL(resolve(import.meta.dirname, '../support/network-guard.mjs')).href;
if (!(process.env['NODE_OPTIONS'] ?? '').includes('network-guard')) process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import=${guard}`.trim();
process.env['NODE_BACKEND'] = 'js';

const minutes = Number(process.env['SOAK_MINUTES'] ?? 60);
const seed = Number(process.env['SOAK_SEED'] ?? 1);
const random = seededRandom(seed);
const NODES = 12;
const hosts = Array.from({ length: NODES }, (_, i) => `127.${100 + i}.0.1`);
const nodes: (BcoinNode | null)[] = [];
const errors: string[] = [];
let restarts = 0;

console.log(`canopy soak: ${minutes} min, ${NODES} bcoin nodes, seed ${seed}`);
for (const host of hosts) {
  const n = await startBcoin(host);
  n.autoUnban();
  nodes.push(n);
}
for (const n of nodes) for (const h of hosts) if (n && h !== n.host) n.learn(`${h}:18444`);
const params = networkParams('regtest');
const hostile: HostilePeer[] = [
  await startHostilePeer(params, '127.120.0.1', { kind: 'addr-flood', entries: 1001, repeats: 5 }, 18444),
  await startHostilePeer(params, '127.121.0.1', { kind: 'user-agent', userAgent: '\x1b]0;pwn\x07\x1b[2J' }, 18444),
  await startHostilePeer(params, '127.122.0.1', { kind: 'no-pong' }, 18444),
];
for (const n of nodes) for (const h of hostile) n?.learn(h.address);

const datadir = mkdtempSync(join(tmpdir(), 'canopy-soak-'));
const child = runCli(['--network', 'regtest', '--no-dns-seeds', '--datadir', datadir, '--addnode', `${hosts[0]}:18444`, '--json', '--allow-v1-fallback']);
const pid = child.child.pid as number;
const rss: { at: number; mb: number }[] = [];
const started = Date.now();
const sample = (): void => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    rss.push({ at: (Date.now() - started) / 60_000, mb: kb / 1024 });
  } catch { /* child gone */ }
};
const sampler = setInterval(sample, 10_000);

const end = started + minutes * 60_000;
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, 5_000 + random.nextInt(15_000)));
  const i = random.nextInt(NODES);
  const n = nodes[i];
  if (n && !n.stopped()) {
    await n.stop();
    nodes[i] = null;
    setTimeout(() => {
      void startBcoin(hosts[i] as string).then((fresh) => {
        fresh.autoUnban();
        for (const h of hosts) if (h !== fresh.host) fresh.learn(`${h}:18444`);
        nodes[i] = fresh;
        restarts++;
      }, (err: Error) => errors.push(`restart ${hosts[i]}: ${err.message}`));
    }, 3_000 + random.nextInt(7_000));
  }
  if (child.child.exitCode !== null) { errors.push(`canopy exited early: ${child.child.exitCode}`); break; }
}

clearInterval(sampler);
sample();
child.kill('SIGINT');
const code = await child.exited;
for (const n of nodes) await n?.stop();
for (const h of hostile) await h.close();
rmSync(datadir, { recursive: true, force: true });

const count = (type: string): number => child.events.filter((e) => e['type'] === type).length;
const warm = rss.filter((s) => s.at >= minutes * 0.2);
const n = warm.length;
const mx = warm.reduce((a, s) => a + s.at, 0) / Math.max(1, n);
const my = warm.reduce((a, s) => a + s.mb, 0) / Math.max(1, n);
const slope = warm.reduce((a, s) => a + (s.at - mx) * (s.mb - my), 0) / Math.max(1e-9, warm.reduce((a, s) => a + (s.at - mx) ** 2, 0));
console.log(`
  duration            ${((Date.now() - started) / 60_000).toFixed(1)} min
  bcoin restarts      ${restarts}
  handshakes          ${count('handshake-completed')}  (reconnects: ${Math.max(0, count('handshake-completed') - NODES)})
  disconnects         ${count('peer-disconnected')}
  bans                ${count('peer-banned')}
  feelers             ${count('feeler-finished')}
  peak RSS            ${Math.max(0, ...rss.map((s) => s.mb)).toFixed(1)} MB
  RSS trend           ${n >= 3 ? `${(slope * 60).toFixed(1)} MB/hour after warm-up (${n} samples)` : 'too short to say'}
  stray stdout lines  ${child.junk.length}
  canopy exit code    ${code}
  errors              ${errors.length === 0 ? 'none' : errors.join('; ')}
  stderr              ${child.stderr().trim().split('\n').filter(Boolean).slice(-3).join(' | ') || '(empty)'}`);
process.exit(errors.length === 0 && code === 0 ? 0 : 1);
