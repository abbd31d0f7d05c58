// Hostile peers against the real dashboard in a real pseudo-terminal: `canopy` runs in a pty (read
// back through a headless xterm) with four added peers that attack the terminal — a user agent full
// of escape sequences (OSC titles, clear screen, cursor moves, C1 controls, bidi overrides), a
// 10,000-character user agent, a user agent that is not valid UTF-8, and a reject message whose
// reason carries escapes (read in the peer detail view). At 80×24 and at 132×40: nothing retitles the window, none of the peers'
// sequences reach the terminal, the dashboard is never cleared and every row fits the width.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkParams } from '../../source/protocol/networks.js';
import { startHostilePeer, type HostilePeer, type HostileScript } from '../../source/testing/hostile-peer.js';
import { startPty } from '../support/pty.js';

const cleanup: (() => Promise<void> | void)[] = [];
after(async () => { for (const c of cleanup.reverse()) await c(); });

const params = networkParams('regtest');
const ESCAPE_UA = '/evil:1.0/\x1b]0;PWNED-TITLE\x07\x1b]2;PWNED-TITLE2\x1b\\\x1b[2J\x1b[HCLEARED\x1b[31mRED\x1b[0m\r\b\x07\u009b2J\u202eRTL\x1b[999;999H\x1b[?1049h';
const LONG_UA = `/long:${'W'.repeat(9_990)}\x1b]0;PWNED-LONG\x07/`;
const BAD_UTF8_UA = new Uint8Array([...Buffer.from('/badutf:'), 0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xc0, 0xaf, ...Buffer.from('BADUTF/')]);
const REJECT_REASON = '\x1b]0;PWNED-REJECT\x07\x1b[2J\x1b[HREJECTED\x1b[1A\x1b[K\u0085\u202e!';
/** Sequences from the peers that must never reach the terminal. */
const FORBIDDEN = ['PWNED', '\x1b[2J\x1b[HCLEARED', '\x1b[2J\x1b[HREJECTED', '\u009b', '\u202e', '\x1b[999;999H', '\x1b[?1049h', '\u0085'];

let nextHost = 150;

async function hostile(script: HostileScript): Promise<HostilePeer> {
  const peer = await startHostilePeer(params, `127.${nextHost++}.0.1`, script, 0);
  cleanup.push(() => peer.close());
  return peer;
}

for (const [cols, rows] of [[80, 24], [132, 40]] as const) {
  test(`hostile peers cannot touch the operator's terminal (${cols}×${rows})`, async () => {
    const escapes = await hostile({ kind: 'user-agent', userAgent: ESCAPE_UA });
    const long = await hostile({ kind: 'user-agent', userAgent: LONG_UA });
    const badUtf8 = await hostile({ kind: 'user-agent', userAgent: BAD_UTF8_UA });
    const rejecter = await hostile({ kind: 'reject', reason: REJECT_REASON });
    const datadir = mkdtempSync(join(tmpdir(), 'canopy-hostile-pty-'));
    cleanup.push(() => rmSync(datadir, { recursive: true, force: true }));
    const ui = startPty(['--network', 'regtest', '--no-dns-seeds', '--datadir', datadir,
      ...[escapes, long, badUtf8, rejecter].flatMap((p) => ['--addnode', p.address])], cols, rows);
    cleanup.push(() => ui.kill());

    const row = (screen: string, address: string): string => screen.split('\n').find((l) => l.includes(address)) ?? '';
    // The escape-laden agent shows as its printable remainder; the invalid UTF-8 one with U+FFFD.
    await ui.waitForScreen((s) => row(s, escapes.address).includes('/evil:1.0/'), 'the escape-laden user agent, sanitized');
    await ui.waitForScreen((s) => row(s, badUtf8.address).includes('/badutf:'), 'the invalid UTF-8 user agent, sanitized');
    // The reject reason is in the rejecting peer's history (peer detail view), sanitized.
    await ui.waitForScreen((s) => row(s, rejecter.address).includes('/Satoshi'), 'the rejecting peer connected');
    for (let i = 0; i < 8 && !row((await ui.screen()).join('\n'), rejecter.address).includes('›'); i++) {
      ui.write('j');
      await new Promise((r) => setTimeout(r, 200));
    }
    ui.write('\r');
    const detail = await ui.waitForScreen((s) => /^Peer \d+ — /.test(s) && s.includes('History') && s.includes('REJECTED'), 'the reject reason in the peer detail (which fits: its title on the first row)');
    assert.match(detail, /reject tx \(0x10\): REJECTED/);
    ui.write('\x1b');
    await ui.waitForScreen((s) => s.includes('Peers ('), 'back on the dashboard');
    // The 10,000-character agent breaks the version limit (256): a disconnect, never a wide row.
    const deadline = Date.now() + 30_000;
    while (!long.wasDisconnected()) {
      assert.ok(Date.now() < deadline, 'the peer with the 10,000-character user agent was disconnected');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500)); // a few more frames with everything on screen

    const screen = await ui.screen();
    const raw = ui.raw();
    assert.deepEqual(ui.titles, [], 'nothing retitled the terminal');
    for (const bad of FORBIDDEN) assert.ok(!raw.includes(bad), `the terminal never received ${JSON.stringify(bad)}`);
    assert.equal(screen.length, rows);
    for (const line of screen) assert.ok(line.length <= cols, `row fits ${cols} columns: ${JSON.stringify(line)}`);
    assert.match(screen[0] ?? '', /regtest/, 'the status bar is still on the first row (nothing cleared the screen)');
    assert.ok(screen.some((l) => l.includes(escapes.address)), 'the peers table is still drawn');
    assert.ok(!screen.join('\n').includes('W'.repeat(200)), 'the long user agent never reached the screen');
    ui.write('q');
    assert.equal(await ui.exited, 0);
  });
}
