/**
 * What scripts print on stdout, checked on receipt: one JSON line for account-info and
 * reset-password, "note: …" lines for change-password.
 */
import { z } from 'zod';

export const AccountInfoOutput = z
  .object({
    exists: z.boolean(),
    uid: z.number().int().min(0).nullable(),
    disabled: z.boolean(),
    managedFor: z.string().min(1).nullable(),
  })
  .strict();

export const ResetPasswordOutput = z.object({ lost: z.string().min(1) }).strict();

/** Parses the last non-empty stdout line as JSON against `schema`; the error says what came back. */
export function parseJsonLine<T>(schema: z.ZodType<T>, stdout: string, script: string): T {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .at(-1);
  if (line === undefined) throw new Error(`${script} printed nothing; expected one JSON line`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`${script} printed something that is not JSON: ${line.slice(0, 120)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${script} printed unexpected JSON: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function notesFrom(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('note: '))
    .map((line) => line.slice('note: '.length).trim());
}
