/**
 * JSON log lines for the agent (one object per line, ISO timestamps). The agent never passes a
 * secret to the logger; the redaction list is a second line of defence for fields that could hold one.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type AgentLogger = Logger;

const SECRET_FIELDS = ['password', 'newPassword', 'token', 'privateKey', 'verifier', 'cryptHash'];

export function createAgentLogger(opts: { level?: string; destination?: DestinationStream } = {}): AgentLogger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { component: 'lockstep-agent', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`)], censor: '[redacted]' },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** For library use without logs (tests, the tray before it wires its own logger). */
export function silentLogger(): AgentLogger {
  return pino({ level: 'silent' });
}
