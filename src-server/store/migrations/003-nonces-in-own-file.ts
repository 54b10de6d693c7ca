import type { Migration } from './migration.js';

/**
 * Device request nonces moved to their own file, shared by every directory process
 * (store/sqlite/sqlite-nonces.ts). Nonces seen in the minutes before this upgrade are not carried
 * over: a request captured on its way to the directory (over TLS) in those minutes could be
 * replayed once, until its timestamp leaves the five-minute skew window.
 */
export const migration003: Migration = {
  version: 3,
  name: 'device nonces in their own file',
  sql: `DROP TABLE device_nonces;`,
};
