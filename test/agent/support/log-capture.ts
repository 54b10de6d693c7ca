/** Collects the agent's JSON log lines so tests can assert what an operator would read. */
import { createAgentLogger, type AgentLogger } from '../../../src-main/agent/agent-logger.js';

export interface CapturedLog {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function captureLogs(level = 'debug'): { logger: AgentLogger; lines: CapturedLog[]; raw: string[] } {
  const lines: CapturedLog[] = [];
  const raw: string[] = [];
  const logger = createAgentLogger({
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
