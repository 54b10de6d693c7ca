/**
 * The parts of a Runscope test export (the format of Okta's SCIM SPEC and CRUD tests) that the
 * runner executes, checked when the file is loaded so an unexpected step type or field fails
 * with the file's own words instead of being skipped silently.
 */
import { z } from 'zod';

const headerValue = z.union([z.string(), z.array(z.string())]);

export const assertionSchema = z.object({
  source: z.string(),
  comparison: z.string(),
  property: z.string().nullish(),
  value: z.string().nullish(),
});

const variableSchema = z.object({
  source: z.string(),
  name: z.string().min(1),
  property: z.string().nullish(),
});

const requestStepSchema = z.looseObject({
  step_type: z.literal('request'),
  skipped: z.boolean().optional(),
  note: z.string().optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
  url: z.string().min(1),
  headers: z.record(z.string(), headerValue).default({}),
  body: z.string().nullish(),
  form: z.record(z.string(), z.unknown()).optional(),
  multipart_form: z.array(z.unknown()).optional(),
  assertions: z.array(assertionSchema).default([]),
  variables: z.array(variableSchema).default([]),
  scripts: z.array(z.string()).default([]),
  before_scripts: z.array(z.string()).default([]),
});

const pauseStepSchema = z.looseObject({
  step_type: z.literal('pause'),
  skipped: z.boolean().optional(),
  duration: z.number(),
});

export const runscopeExportSchema = z.looseObject({
  name: z.string(),
  steps: z.array(z.discriminatedUnion('step_type', [requestStepSchema, pauseStepSchema])),
});

export type RunscopeExport = z.infer<typeof runscopeExportSchema>;
export type RunscopeRequestStep = z.infer<typeof requestStepSchema>;
export type RunscopeAssertion = z.infer<typeof assertionSchema>;

/** Parses an export; the error names the step and field that did not fit. */
export function parseRunscopeExport(text: string, source: string): RunscopeExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  const result = runscopeExportSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(
    `${source} is not a Runscope export this runner understands: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
  );
}
