// Runs the real `canopy` CLI in a pseudo-terminal (@lydell/node-pty) and renders its output with a
// headless terminal emulator (@xterm/headless), so tests read the screen a user would see and can
// tell whether anything tried to retitle the window.
import { resolve } from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const { Terminal } = xterm;
const ROOT = resolve(import.meta.dirname, '../..');

/** A CLI running in a pty. */
export interface PtySession {
  /** The visible rows, as text. */
  screen(): Promise<string[]>;
  /** Sends keys. */
  write(data: string): void;
  /** Waits until the screen satisfies `predicate`. */
  waitForScreen(predicate: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Everything the program wrote to the terminal so far, as received. */
  raw(): string;
  /** Titles the program tried to set (must stay empty). */
  readonly titles: string[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number>;
  /** The xterm instance (colours, cells — for screenshots). */
  readonly term: InstanceType<typeof Terminal>;
  kill(): void;
}

/** Starts `canopy <args>` in a `cols`×`rows` pseudo-terminal. */
export function startPty(args: readonly string[], cols = 80, rows = 24, env: Record<string, string> = {}): PtySession {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  const titles: string[] = [];
  term.onTitleChange((t) => titles.push(t));
  const child = pty.spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'cli.tsx'), ...args], {
    // The pty stands for an operator's terminal: Ink renders only a final frame when it sees CI=true,
    // so the CI flags are cleared for the child (CI itself runs these tests with CI=true).
    name: 'xterm-256color', cols, rows, cwd: ROOT, env: { ...process.env, FORCE_COLOR: '1', CI: 'false', CONTINUOUS_INTEGRATION: 'false', ...env } as Record<string, string>,
  });
  let raw = '';
  child.onData((d) => { raw += d; term.write(d); });
  const exited = new Promise<number>((r) => child.onExit((e) => r(e.exitCode)));
  const screen = async (): Promise<string[]> => {
    await new Promise<void>((r) => term.write('', r));
    const out: string[] = [];
    for (let i = 0; i < term.rows; i++) out.push(term.buffer.active.getLine(term.buffer.active.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  return {
    screen, titles, exited, term,
    raw: () => raw,
    write: (data) => child.write(data),
    async waitForScreen(predicate, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = (await screen()).join('\n');
        if (predicate(text)) return text;
        if (Date.now() > deadline) throw new Error(`screen never showed ${what}:\n${text}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    kill: () => { try { child.kill(); } catch { /* already gone */ } },
  };
}
