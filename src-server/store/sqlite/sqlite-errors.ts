import Database from 'better-sqlite3';
import { UniquenessError } from '../store-errors.js';

/** Turns SQLite's unique-constraint failures on users into the store's UniquenessError. */
export function translateUniqueness(
  error: unknown,
  user: { userName: string; deviceUsername: string },
): unknown {
  if (!(error instanceof Database.SqliteError) || error.code !== 'SQLITE_CONSTRAINT_UNIQUE')
    return error;
  if (error.message.includes('users.device_username_key'))
    return new UniquenessError('deviceUsername', user.deviceUsername);
  if (error.message.includes('users.user_name_key'))
    return new UniquenessError('userName', user.userName);
  return error;
}
