/**
 * Runscope's JavaScript: the initial script that sets variables (Okta's
 * `Initial_Script_Spec.txt`) and per-step scripts that check the response with `assert`.
 * They run in a node:vm context holding only what Runscope gives them; the files come from
 * Okta's published tests, and the context is for faithful semantics, not a security boundary.
 */
import assert from 'node:assert';
import { createContext, runInContext } from 'node:vm';

export class RunscopeVariables {
  readonly #values = new Map<string, string>();

  set(name: string, value: unknown): void {
    this.#values.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** Replaces `{{name}}`; an unset variable is an error that names it. */
  fill(template: string): string {
    return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, name: string) => {
      const value = this.#values.get(name);
      if (value === undefined)
        throw new Error(`variable {{${name}}} is not set (an earlier step did not extract it)`);
      return value;
    });
  }
}

/** Runs an initial script with `variables` (set/get), as Runscope does before the first step. */
export function runInitialScript(
  source: string,
  variables: RunscopeVariables,
  filename: string,
): void {
  const context = createContext({ variables: facade(variables) });
  runInContext(source, context, { filename, timeout: 2_000 });
}

export interface ScriptResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
  response_time: number;
}

/** Runs a step's script; a thrown error (a failed `assert`) fails the step. Returns its `log` lines. */
export function runStepScript(
  source: string,
  variables: RunscopeVariables,
  response: ScriptResponse,
): string[] {
  const logs: string[] = [];
  const context = createContext({
    variables: facade(variables),
    response,
    assert,
    log: (...values: unknown[]) => logs.push(values.map(String).join(' ')),
  });
  runInContext(source, context, { filename: 'step script', timeout: 2_000 });
  return logs;
}

function facade(variables: RunscopeVariables) {
  return {
    set: (name: string, value: unknown) => variables.set(name, value),
    get: (name: string) => variables.get(name),
  };
}
