import type { z } from 'zod';

/** Turns zod issues into one sentence naming each bad attribute and what is expected there. */
export function describeIssues(error: z.ZodError, what: string): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length === 0 ? what : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `invalid ${what}: ${parts.join('; ')}${more}`;
}
