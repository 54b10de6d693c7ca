/**
 * Okta's own SCIM 2.0 SPEC test (the checks Okta runs before listing an integration), run
 * against a directory from the reference files as published: the Runscope export, with its
 * variables set by Okta's initial script, plus the two values an Okta tester enters by hand
 * (`SCIMBaseURL` and `auth`, the whole Authorization header).
 */
import { readFile } from 'node:fs/promises';
import { OKTA_SPEC_INITIAL_SCRIPT, OKTA_SPEC_TEST, referenceFile } from './reference-files.js';
import { parseRunscopeExport } from './runscope-export.js';
import { runRunscopeExport, type RunscopeRunResult, type StepResult } from './runscope-runner.js';
import { RunscopeVariables, runInitialScript } from './runscope-scripts.js';

export interface OktaSpecTestOptions {
  /** The SCIM base URL, e.g. `http://127.0.0.1:8080/scim/v2`. */
  baseUrl: string;
  token: string;
  /** The shared reference folder holding `okta-scim/`. */
  reference: string;
  onStep?: (result: StepResult, total: number) => void;
}

export async function runOktaSpecTest(options: OktaSpecTestOptions): Promise<RunscopeRunResult> {
  const dir = options.reference;
  const testPath = referenceFile(OKTA_SPEC_TEST, dir);
  const scriptPath = referenceFile(OKTA_SPEC_INITIAL_SCRIPT, dir);
  const test = parseRunscopeExport(await readFile(testPath, 'utf8'), testPath);
  const variables = new RunscopeVariables();
  variables.set('SCIMBaseURL', options.baseUrl.replace(/\/+$/, ''));
  variables.set('auth', `Bearer ${options.token}`);
  runInitialScript(await readFile(scriptPath, 'utf8'), variables, scriptPath);
  const total = test.steps.filter((s) => s.step_type === 'request' && !s.skipped).length;
  return runRunscopeExport(test, variables, (r) => options.onStep?.(r, total));
}
