/**
 * `lockstep okta-sim spec-test`: runs Okta's SCIM 2.0 SPEC test against a directory and prints
 * each step, then `N passed, N failed`. Okta's test expects at least one user to exist: assign
 * one first (`lockstep okta-sim assign …`).
 */
import type { Command } from 'commander';
import { CliError, printJson } from '../cli-support.js';
import { runOktaSpecTest } from '../../src-okta-sim/runscope/okta-spec-test.js';
import { referenceDir } from '../../src-okta-sim/runscope/reference-files.js';
import { formatStep } from '../../src-okta-sim/runscope/runscope-runner.js';
import { projectRoot } from '../version.js';
import { connect, type ConnectionOptions } from './sim-connection.js';

export function registerSpecTestCommand(group: Command): void {
  group
    .command('spec-test')
    .description(
      "Run Okta's SCIM 2.0 SPEC test (Okta-SCIM-20-SPEC-Test.json) against the directory; needs one user to exist",
    )
    .option(
      '--reference <dir>',
      'the shared reference folder (default: ../shared/reference beside the repository)',
    )
    .action(async (o: { reference?: string }, cmd: Command) => {
      const options = cmd.optsWithGlobals<ConnectionOptions & { json?: boolean }>();
      const { token, baseUrl } = await connect(options, false);
      let result;
      try {
        result = await runOktaSpecTest({
          baseUrl,
          token,
          reference: o.reference ?? referenceDir(projectRoot()),
          onStep: (step, total) => {
            if (!options.json) process.stdout.write(`${formatStep(step, total)}\n`);
          },
        });
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      if (options.json) printJson(result);
      else
        process.stdout.write(
          `(${result.pausesSkipped} pause steps skipped)\n${result.passed} passed, ${result.failed} failed\n`,
        );
      if (result.failed > 0)
        throw new CliError(`${result.failed} of Okta's SPEC test steps failed`);
    });
}
