/** Collects a component's JSON log lines so tests can assert what an operator would read. */
import { createLogger, type Logger } from '../../src-shared/logger.js';

export interface CapturedLog {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function captureLogs(
  level = 'debug',
  service = 'lockstep-agent',
): { logger: Logger; lines: CapturedLog[]; raw: string[] } {
  const lines: CapturedLog[] = [];
  const raw: string[] = [];
  const logger = createLogger({
    service,
    level,
    destination: {
      write(text: string) {
        raw.push(text);
        lines.push(JSON.parse(text) as CapturedLog);
      },
    },
  });
  return { logger, lines, raw };
}
