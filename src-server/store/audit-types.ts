/** One audit entry as written: who did what to which target, and how it ended. Never a secret. */
export interface AuditEvent {
  actor: string;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  /** Extra facts (changed attribute names, password version, refusal reason); never values of secrets. */
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEvent {
  seq: number;
  at: string;
}

export interface AuditQuery {
  /** ISO time; entries at or after it. */
  since?: string;
  limit?: number;
}
