import { pino, type Logger } from 'pino';

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log object. Secrets should
 * never be handed to the logger in the first place; this is the net under that rule.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'verifier',
  '*.verifier',
  'cryptHash',
  '*.cryptHash',
];

export interface LoggerOptions {
  level?: string;
  destination?: NodeJS.WritableStream;
  /** Fields on every line besides `service`. */
  fields?: Record<string, string | number>;
}

/** JSON Lines logs for the directory (stdout unless a destination is given). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    base: { service: 'lockstep-directory', ...options.fields },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
