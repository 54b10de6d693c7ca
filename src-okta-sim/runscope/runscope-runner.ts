/**
 * Executes a Runscope test export step by step: `{{variable}}` templating, the request, the
 * assertions, variable extraction and step scripts. Pause steps are skipped (they only gave
 * Okta's hosted runner time between steps).
 */
import { performance } from 'node:perf_hooks';
import {
  evaluateAssertion,
  readSource,
  type AssertionResult,
  type RunscopeResponse,
} from './runscope-assertions.js';
import type { RunscopeExport, RunscopeRequestStep } from './runscope-export.js';
import { runInitialScript, runStepScript, type RunscopeVariables } from './runscope-scripts.js';

export interface StepResult {
  number: number;
  note: string;
  request: string;
  status?: number;
  timeMs?: number;
  assertions: AssertionResult[];
  error?: string;
  logs: string[];
  passed: boolean;
}

export interface RunscopeRunResult {
  name: string;
  steps: StepResult[];
  passed: number;
  failed: number;
  pausesSkipped: number;
}

export async function runRunscopeExport(
  test: RunscopeExport,
  variables: RunscopeVariables,
  onStep: (result: StepResult) => void = () => {},
): Promise<RunscopeRunResult> {
  const steps: StepResult[] = [];
  let pausesSkipped = 0;
  for (const step of test.steps) {
    if (step.step_type === 'pause') {
      pausesSkipped++;
      continue;
    }
    if (step.skipped) continue;
    const result = await runStep(step, steps.length + 1, variables);
    steps.push(result);
    onStep(result);
  }
  const passed = steps.filter((s) => s.passed).length;
  return { name: test.name, steps, passed, failed: steps.length - passed, pausesSkipped };
}

async function runStep(
  step: RunscopeRequestStep,
  number: number,
  variables: RunscopeVariables,
): Promise<StepResult> {
  const base = {
    number,
    note: step.note ?? `step ${number}`,
    request: `${step.method} ${step.url}`,
    assertions: [],
    logs: [],
  };
  let response: RunscopeResponse;
  try {
    for (const script of step.before_scripts.filter((s) => s.trim() !== ''))
      runInitialScript(script, variables, 'before script');
    const url = new URL(variables.fill(step.url));
    base.request = `${step.method} ${url.pathname}${url.search}`;
    response = await send(step, url, variables);
  } catch (error) {
    return { ...base, error: (error as Error).message, passed: false };
  }
  const assertions = step.assertions.map((a) =>
    evaluateAssertion(
      a,
      a.value === null || a.value === undefined ? null : variables.fill(a.value),
      response,
    ),
  );
  for (const v of step.variables) {
    const source = readSource(v.source, v.property ?? '', response);
    if (source.ok && source.value !== undefined) variables.set(v.name, source.value);
  }
  const logs: string[] = [];
  for (const script of step.scripts.filter((s) => s.trim() !== '')) {
    try {
      const headers = Object.fromEntries(response.headers.entries());
      logs.push(
        ...runStepScript(script, variables, {
          status: response.status,
          body: response.text,
          headers,
          response_time: response.timeMs,
        }),
      );
      assertions.push({ description: 'step script', passed: true });
    } catch (error) {
      assertions.push({
        description: 'step script',
        passed: false,
        actual: (error as Error).message,
      });
    }
  }
  const passed = assertions.every((a) => a.passed);
  return { ...base, status: response.status, timeMs: response.timeMs, assertions, logs, passed };
}

async function send(
  step: RunscopeRequestStep,
  url: URL,
  variables: RunscopeVariables,
): Promise<RunscopeResponse> {
  if (step.form && Object.keys(step.form).length > 0)
    throw new Error('form bodies are not supported by this runner');
  if (step.multipart_form && step.multipart_form.length > 0)
    throw new Error('multipart bodies are not supported by this runner');
  const headers = new Headers();
  for (const [name, value] of Object.entries(step.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, variables.fill(v));
  }
  const body = step.body ? variables.fill(step.body) : undefined;
  const started = performance.now();
  const res = await fetch(url, {
    method: step.method,
    headers,
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    headers: res.headers,
    timeMs: Math.round(performance.now() - started),
  };
}

/** One line per step, the failed assertions under it, then `N passed, N failed`. */
export function formatStep(result: StepResult, total: number): string {
  const head = `${result.passed ? 'PASS' : 'FAIL'}  ${result.number}/${total}  ${result.note.trim()}`;
  const detail =
    result.status === undefined
      ? ''
      : `  (${result.request} -> ${result.status}, ${result.timeMs} ms)`;
  const lines = [head + detail];
  if (result.error) lines.push(`      error: ${result.error}`);
  for (const a of result.assertions.filter((x) => !x.passed))
    lines.push(`      failed: ${a.description}; got ${a.actual ?? '?'}`);
  return lines.join('\n');
}
