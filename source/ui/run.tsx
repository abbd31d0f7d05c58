// Mounts the dashboard on the terminal and resolves when the user quits (the node is closed first).
import React from 'react';
import { render } from 'ink';
import type { NodeController, NodeEvent } from '../engine/types.js';
import { App } from './app.js';

/** Options of runDashboard. */
export interface DashboardOptions {
  readonly simulated: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Stops recording and hands over the events the node emitted before the dashboard mounted. */
  readonly takeEarlyEvents?: () => readonly NodeEvent[];
}

/** Runs the dashboard until q / Ctrl-C (which close the node). */
export async function runDashboard(controller: NodeController, options: DashboardOptions): Promise<void> {
  const instance = render(<App controller={controller} simulated={options.simulated} {...(options.takeEarlyEvents !== undefined ? { takeEarlyEvents: options.takeEarlyEvents } : {})} />, {
    exitOnCtrlC: false,
    patchConsole: true,
    ...(options.stdout !== undefined ? { stdout: options.stdout } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
  await instance.waitUntilExit();
}
