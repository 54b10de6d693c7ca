/**
 * The Runscope assertion semantics the SPEC runner relies on, checked on their own so a
 * passing SPEC run means the server passed, not that the runner was lenient.
 */
import { describe, expect, it } from 'vitest';
import { OKTA_SPEC_TEST, referenceFile } from '../../src-okta-sim/runscope/reference-files.js';
import {
  evaluateAssertion,
  readProperty,
  type RunscopeResponse,
} from '../../src-okta-sim/runscope/runscope-assertions.js';
import {
  RunscopeVariables,
  runInitialScript,
  runStepScript,
} from '../../src-okta-sim/runscope/runscope-scripts.js';
import { REFERENCE_DIR } from './support/reference-dir.js';

const response = (status: number, body: unknown): RunscopeResponse => ({
  status,
  text: JSON.stringify(body),
  headers: new Headers(),
  timeMs: 5,
});
const check = (
  comparison: string,
  property: string,
  value: string | null,
  body: unknown,
  status = 200,
) =>
  evaluateAssertion(
    { source: 'response_json', comparison, property, value },
    value,
    response(status, body),
  ).passed;

describe('Runscope assertions', () => {
  const list = {
    schemas: ['urn:x:ListResponse'],
    totalResults: 0,
    itemsPerPage: '1',
    Resources: [{ id: 'a', active: true, emails: [{ value: 'e' }] }],
  };

  it('reads nested paths with indexes', () => {
    expect(readProperty(list, 'Resources[0].emails[0].value')).toBe('e');
    expect(readProperty(list, 'Resources[1].id')).toBeUndefined();
  });

  it('compares like Runscope: text for equal, membership for has_value, integers for is_a_number', () => {
    expect(check('equal', 'totalResults', '0', list)).toBe(true);
    expect(check('equal', 'Resources[0].active', 'true', list)).toBe(true);
    expect(check('equal', 'Resources[0].active', 'false', list)).toBe(false);
    expect(check('has_value', 'schemas', 'urn:x:ListResponse', list)).toBe(true);
    expect(check('has_value', 'schemas', 'urn:x:Other', list)).toBe(false);
    expect(check('is_a_number', 'totalResults', null, list)).toBe(true);
    expect(check('is_a_number', 'itemsPerPage', null, list)).toBe(false);
    expect(check('not_empty', 'Resources[0].id', null, list)).toBe(true);
    expect(check('not_empty', 'Resources[0].missing', null, list)).toBe(false);
    expect(check('not_empty', 'Resources', null, { Resources: [] })).toBe(false);
    expect(check('contains', 'schemas', 'urn:x:ListResponse', list)).toBe(true);
  });

  it('checks status and time numerically and fails on unknown comparisons', () => {
    const r = response(404, {});
    expect(
      evaluateAssertion(
        { source: 'response_status', comparison: 'equal_number', value: '404' },
        '404',
        r,
      ).passed,
    ).toBe(true);
    expect(
      evaluateAssertion(
        { source: 'response_status', comparison: 'equal_number', value: '200' },
        '200',
        r,
      ).passed,
    ).toBe(false);
    expect(
      evaluateAssertion(
        { source: 'response_time', comparison: 'is_less_than', value: '600' },
        '600',
        r,
      ).passed,
    ).toBe(true);
    const unknown = evaluateAssertion(
      { source: 'response_status', comparison: 'is_prime', value: '2' },
      '2',
      r,
    );
    expect(unknown).toMatchObject({
      passed: false,
      actual: expect.stringContaining('not supported'),
    });
  });

  it('fails a JSON assertion on a body that is not JSON, saying so', () => {
    const r: RunscopeResponse = { status: 500, text: '<html>', headers: new Headers(), timeMs: 1 };
    const result = evaluateAssertion(
      { source: 'response_json', comparison: 'not_empty', property: 'detail', value: null },
      null,
      r,
    );
    expect(result).toMatchObject({ passed: false, actual: expect.stringContaining('not JSON') });
  });
});

describe('Runscope scripts and variables', () => {
  it('runs an initial script that sets variables, and fills {{templates}}', () => {
    const vars = new RunscopeVariables();
    runInitialScript(
      'variables.set("a", "x" + 1); variables.set("b", variables.get("a") + "y");',
      vars,
      'test',
    );
    expect(vars.fill('{{a}}/{{ b }}')).toBe('x1/x1y');
    expect(() => vars.fill('{{missing}}')).toThrow(/\{\{missing\}\} is not set/);
  });

  it('fails a step script whose assert fails and passes one whose assert holds', () => {
    const vars = new RunscopeVariables();
    const res = { status: 200, body: '{"totalResults":0}', headers: {}, response_time: 3 };
    expect(() =>
      runStepScript(
        'var d = JSON.parse(response.body); assert.ok(d.totalResults === 1, "one");',
        vars,
        res,
      ),
    ).toThrow(/one/);
    expect(
      runStepScript(
        'var d = JSON.parse(response.body); assert(d.totalResults === 0); log("ok");',
        vars,
        res,
      ),
    ).toEqual(['ok']);
  });
});

describe('the reference files', () => {
  it('are found beside the repository, and a missing folder is named with the fix', () => {
    expect(referenceFile(OKTA_SPEC_TEST, REFERENCE_DIR)).toMatch(
      /shared\/reference\/okta-scim\/Okta-SCIM-20-SPEC-Test\.json$/,
    );
    expect(() => referenceFile(OKTA_SPEC_TEST, '/nonexistent/reference')).toThrow(
      /not found at \/nonexistent\/reference\/okta-scim\/Okta-SCIM-20-SPEC-Test\.json; the shared reference folder must sit beside the repository/,
    );
  });
});
