// Ambient declarations for test-only packages that ship no TypeScript types (bcoin 1.0.2, dns2).
declare module 'bcoin';
declare module 'bcoin/lib/net/hostlist.js';
declare module 'dns2';
