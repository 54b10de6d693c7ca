/**
 * The one logger of every Lockstep process (directory, agent, tray, CLI): pino, writing one JSON
 * object per line with ISO timestamps and the process's `service` name on each.
 *
 * Callers pass fields first and a message second, and never a secret in either; the redaction
 * list is the net under that rule, not the rule.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Fields pino replaces with "[redacted]" at the top level or one object down. */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'previousPassword',
  'token',
  'authorization',
  'cookie',
  'privateKey',
  'verifier',
  'cryptHash',
];
const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  /** `lockstep-directory`, `lockstep-agent`, `lockstep-tray`: which program wrote the line. */
  service: string;
  /** pino level name; default `info`. */
  level?: string;
  /** Where lines go; default standard output. `stderr` for commands whose stdout is their answer. */
  destination?: 'stdout' | 'stderr' | DestinationStream;
  /** Fields on every line besides `service` and `pid` (a cluster worker's number, say). */
  fields?: Record<string, string | number>;
}

export function createLogger(options: LoggerOptions): Logger {
  const { destination = 'stdout' } = options;
  const stream =
    destination === 'stdout' || destination === 'stderr'
      ? pino.destination({ dest: destination === 'stdout' ? 1 : 2, sync: true })
      : destination;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, ...options.fields },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    stream,
  );
}

/** For library use without logs: tests, and callers that were handed no logger. */
export const silentLogger: Logger = pino({ level: 'silent' });
