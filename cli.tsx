#!/usr/bin/env node
// The `canopy` command (design.md §5): parses and validates flags (one-line error, exit 2, nothing
// started), then runs the node — the Ink dashboard on a TTY, NDJSON events on stdout with --json or
// when stdout is not a TTY — or the seeded simulator (--simulate). `canopy rpc …` talks to a running
// node's control API. SIGINT/SIGTERM close the node cleanly (address book saved, peers closed).
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import meow from 'meow';
import { CLI_FLAGS, HELP_TEXT, findUnknownFlag, parseCliFlags, type CliOptions } from './source/io/cli-options.js';
import { eventToJsonLine } from './source/engine/event-json.js';
import type { RunningNode } from './source/io/controller.js';
import { defaultDataDir } from './source/io/data-dir.js';
import type { NodeController, NodeEvent } from './source/engine/types.js';

/** Exit code for usage errors (bad flags), like most Unix tools. */
const EXIT_USAGE = 2;

/** The dashboard module, loaded by name so the CLI still works (as --json) in a build without it. */
const OPTIONAL = { dashboard: './source/ui/run.js' };
/** Events kept for the dashboard while it loads (Canopy: a start-up burst is a few dozen). */
const EARLY_EVENTS_MAX = 1000;

async function optionalImport(path: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(path)) as Record<string, unknown>;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(path.slice(2, -3))) return null;
    throw err;
  }
}

function usageError(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(EXIT_USAGE);
}

async function runRpc(args: readonly string[]): Promise<void> {
  const { runRpcCli } = await import('./source/io/rpc-client.js');
  process.exit(await runRpcCli(args));
}

/** Where debug lines go: the log file when given; stderr in --json mode; nowhere under the dashboard. */
function makeLogger(options: CliOptions, headless: boolean): (line: string) => void {
  const file = options.logFile;
  if (file !== null) return (line) => { try { appendFileSync(file, `${new Date().toISOString()} ${line}\n`); } catch { /* a log must never kill the node */ } };
  return headless ? (line) => process.stderr.write(`canopy: ${line}\n`) : () => {};
}

async function startServices(node: NodeController, options: CliOptions, log: (line: string) => void): Promise<(() => Promise<void>)[]> {
  const closers: (() => Promise<void>)[] = [];
  // The control API is on by default on loopback (Core's RPC port + 10); an explicit --rpc-bind that
  // fails is fatal, the default one only logs (another Canopy may hold the port).
  if (options.rpcBind !== null || !options.simulate) {
    const { startRpcServer, DEFAULT_RPC_PORT } = await import('./source/io/rpc-server.js');
    const bind = options.rpcBind ?? { host: '127.0.0.1', port: DEFAULT_RPC_PORT[options.network] };
    try {
      const server = await startRpcServer(node, {
        host: bind.host, port: bind.port, user: options.rpcUser, password: options.rpcPassword,
        datadir: options.datadir ?? defaultDataDir(options.network),
      });
      closers.push(() => server.close());
    } catch (err) {
      if (options.rpcBind !== null) throw err;
      log(`control API not started on ${bind.host}:${bind.port}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (options.metrics !== null) {
    const { startMetricsServer } = await import('./source/io/metrics.js');
    const server = await startMetricsServer(node, { host: options.metrics.host, port: options.metrics.port });
    closers.push(() => server.close());
  }
  return closers;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'rpc') return runRpc(argv.slice(1));
  const unknown = findUnknownFlag(argv);
  if (unknown !== null) usageError(`canopy: ${unknown}: unknown flag (see canopy --help)`);
  const cli = meow(HELP_TEXT, { importMeta: import.meta, argv, flags: CLI_FLAGS, allowUnknownFlags: true, autoHelp: true, autoVersion: true });
  if (cli.input.length > 0) usageError(`canopy: unexpected argument "${cli.input[0]}" (flags start with --; see canopy --help)`);
  const parsed = parseCliFlags(cli.flags as Record<string, unknown>);
  if (!parsed.ok) usageError(parsed.error);
  const options = parsed.options;
  const headless = options.json || !process.stdout.isTTY;
  const log = makeLogger(options, headless);

  let node: RunningNode;
  if (options.simulate) {
    const { createSimulatedNode } = await import('./source/io/sim-node.js');
    node = createSimulatedNode({ seed: options.seed, network: options.network });
  } else {
    const { createNode } = await import('./source/io/node.js');
    try {
      node = createNode({
        network: options.network, connect: options.connect, addnode: options.addnode, proxy: options.proxy,
        allowV1Fallback: options.allowV1Fallback, v2: options.v2, dnsSeeds: options.dnsSeeds, services: options.services, log,
        ...(options.maxOutbound !== null ? { maxOutbound: options.maxOutbound } : {}),
        ...(options.dnsSeedList !== null ? { dnsSeedList: options.dnsSeedList } : {}),
        ...(options.dnsServer !== null ? { dnsServer: options.dnsServer } : {}),
        ...(options.datadir !== null ? { datadir: options.datadir } : {}),
      });
    } catch (err) {
      process.stderr.write(`canopy: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  }

  if (options.logFile !== null) node.onEvent((event) => log(eventToJsonLine(event)));
  // The dashboard mounts after start-up: keep what happens meanwhile (node-started, first dials) for it.
  const early: NodeEvent[] = [];
  let offEarly: (() => void) | null = headless ? null : node.onEvent((event) => { early.push(event); if (early.length > EARLY_EVENTS_MAX) early.shift(); });
  const takeEarlyEvents = (): NodeEvent[] => { offEarly?.(); offEarly = null; return early.splice(0); };
  if (headless) node.onEvent((event) => { process.stdout.write(`${eventToJsonLine(event)}\n`); });

  let stopping: Promise<void> | null = null;
  const closers: (() => Promise<void>)[] = [];
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const close of closers) await close().catch(() => {});
      await node.close();
    })();
    return stopping;
  };
  // A closed pipe (`canopy --json | head`) ends the node cleanly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') void stop().then(() => process.exit(0));
  });
  process.on('SIGINT', () => { void stop().then(() => process.exit(0)); });
  process.on('SIGTERM', () => { void stop().then(() => process.exit(0)); });

  try {
    await node.start();
  } catch (err) {
    process.stderr.write(`canopy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  try {
    closers.push(...await startServices(node, options, log));
  } catch (err) {
    process.stderr.write(`canopy: ${err instanceof Error ? err.message : String(err)}\n`);
    await stop();
    process.exit(1);
  }

  if (headless) {
    await node.closed;
    await stop();
    process.exit(0);
  }
  const ui = await optionalImport(OPTIONAL.dashboard);
  const runDashboard = ui?.['runDashboard'];
  if (typeof runDashboard !== 'function') {
    log('dashboard not available in this build: printing events');
    for (const event of takeEarlyEvents()) process.stdout.write(`${eventToJsonLine(event)}\n`);
    node.onEvent((event) => { process.stdout.write(`${eventToJsonLine(event)}\n`); });
    await node.closed;
  } else {
    await (runDashboard as (c: NodeController, o: { simulated: boolean; takeEarlyEvents: () => NodeEvent[] }) => Promise<void>)(node, { simulated: options.simulate, takeEarlyEvents });
  }
  await stop();
  process.exit(0);
}

await main();
