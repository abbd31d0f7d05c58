// Spawns the real `canopy` CLI (cli.tsx through tsx) as a child process with the test environment
// (so the network guard is inherited), collecting stdout NDJSON events and stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A running CLI child. */
export interface CliChild {
  readonly child: ChildProcess;
  /** Parsed JSON lines from stdout, in order. */
  readonly events: Record<string, unknown>[];
  /** Non-JSON stdout lines (must stay empty in --json mode). */
  readonly junk: string[];
  stderr(): string;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  /** Waits for the first event matching `predicate` (fails after `timeoutMs`). */
  waitFor(predicate: (e: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `canopy <args>`. */
export function runCli(args: readonly string[]): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'cli.tsx'), ...args], {
    cwd: ROOT, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  const junk: string[] = [];
  let stderr = '';
  let buffer = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try { events.push(JSON.parse(line) as Record<string, unknown>); } catch { junk.push(line); }
    }
    for (const w of waiters) w();
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<number | string>((r) => child.on('exit', (code, signal) => { for (const w of waiters) w(); r(code ?? signal ?? -1); }));
  return {
    child, events, junk, exited,
    stderr: () => stderr,
    kill: (signal = 'SIGINT') => { child.kill(signal); },
    async waitFor(predicate, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find(predicate);
        if (hit) return hit;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no ${what} within ${timeoutMs} ms; events: ${events.map((e) => String(e['type'])).join(', ')}; stderr: ${stderr.slice(0, 2000)}`);
        }
        await new Promise<void>((r) => { const w = (): void => { waiters.delete(w); r(); }; waiters.add(w); setTimeout(w, 200); });
      }
    },
  };
}

/** Runs the CLI to completion. */
export async function runCliToEnd(args: readonly string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const c = runCli(args);
  const code = await c.exited;
  return { code, stdout: [...c.events.map((e) => JSON.stringify(e)), ...c.junk].join('\n'), stderr: c.stderr() };
}
