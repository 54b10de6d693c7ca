import { migration001 } from './001-initial-schema.js';
import { migration002 } from './002-devices.js';
import { migration003 } from './003-nonces-in-own-file.js';
import type { Migration } from './migration.js';

/** Every migration in order; the runner applies those above the recorded schema_version. */
export const ALL_MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];
