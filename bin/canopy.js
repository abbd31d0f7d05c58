#!/usr/bin/env node
// The `canopy` executable: registers tsx so the TypeScript sources run as they are, then starts the CLI.
// React runs its production build unless NODE_ENV says otherwise (the development build re-checks
// every render and costs the dashboard about twice the CPU); set before React is first imported.
import { register } from 'tsx/esm/api';
process.env.NODE_ENV ??= 'production';
register();
await import('../cli.tsx');
