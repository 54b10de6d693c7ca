/**
 * The logging surface main-process code needs; pino's logger satisfies it.
 *
 * Callers pass fields first and a message second, and never a password or token in either.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** One JSON line per entry on stderr, for the CLI when no pino instance is handed in. */
export function stderrLogger(name: string): Logger {
  const write = (level: string) => (fields: object, message: string) => {
    process.stderr.write(
      `${JSON.stringify({ level, name, time: new Date().toISOString(), ...fields, msg: message })}\n`,
    );
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
