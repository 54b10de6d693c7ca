/**
 * The password steps behind the prompt and change-password windows.
 *
 * prompt:submit — the typed new password is checked against the agent's verifier first, so a typo
 * never reaches the OS or Okta; only then does the user-level script change the local password
 * with the previous one, and the agent hears the outcome. Passwords exist only in these calls'
 * arguments: never stored, logged or put in an error.
 */
import type { AgentApi, AgentStatus } from '../../src-shared/agent-api.js';
import type { IpcPayload, SubmitResult } from '../../src-shared/ipc-contract.js';
import { complexityRules } from '../../src-shared/policy.js';
import { PlatformError } from '../platform/account-platform.js';
import type { AccountPlatform } from '../platform/account-platform.js';
import type { Logger } from '../../src-shared/logger.js';
import {
  agentFailure,
  failure,
  platformFailure,
  platformHint,
  success,
  verifyFailure,
} from './submit-messages.js';
import { pendingChange } from './tray-view.js';

export interface PromptService {
  submit(payload: IpcPayload<'prompt:submit'>): Promise<SubmitResult>;
  reset(payload: IpcPayload<'prompt:reset'>): Promise<SubmitResult>;
  changePassword(payload: IpcPayload<'change:submit'>): Promise<SubmitResult>;
}

export function createPromptService(deps: {
  agent: AgentApi;
  platform: Pick<AccountPlatform, 'os' | 'changePassword'>;
  logger: Logger;
  /** This tray applied `version` (stops reminders before the agent confirms). */
  onApplied: (version: number) => void;
  /**
   * A self-service change made `version` and this tray is applying it locally: the agent may
   * already report it as pending, which must not prompt the user for their own change.
   */
  onApplying?: (version: number) => void;
  /** The local apply of `version` ended (after `onApplied` when it worked). */
  onApplyEnded?: (version: number) => void;
}): PromptService {
  const { agent, platform, logger } = deps;
  let busy = false;

  // One password operation at a time: a double click must not run the script twice.
  const exclusive = async (run: () => Promise<SubmitResult>): Promise<SubmitResult> => {
    if (busy)
      return failure(
        'failed',
        'Lockstep is already updating your password. Wait for it to finish.',
        null,
      );
    busy = true;
    try {
      return await run();
    } catch (error) {
      logger.error({ code: codeOf(error) }, 'password step failed');
      return agentFailure(error);
    } finally {
      busy = false;
    }
  };

  const pendingFor = async () => {
    const status = await agent.getStatus();
    const change = pendingChange(status);
    return { status, change, account: status.account };
  };

  return {
    submit: ({ newPassword, previousPassword }) =>
      exclusive(async () => {
        const { status, change, account } = await pendingFor();
        if (!account || !change) return nothingPending(status);
        const org = status.policy.branding.organization;
        const verdict = await agent.verifyNewPassword({
          password: newPassword,
          version: change.version,
        });
        if (!verdict.ok) return verifyFailure(verdict, org);
        try {
          await platform.changePassword(account.deviceUsername, previousPassword, newPassword);
        } catch (error) {
          const result = platformFailure(error, 'previousPassword');
          if (result.error === 'failed') await report(change.version, 'failed', codeOf(error));
          logger.warn(
            { version: change.version, code: codeOf(error) },
            'local password change refused',
          );
          return result;
        }
        deps.onApplied(change.version);
        await report(change.version, 'applied', null);
        logger.info({ version: change.version }, 'local password updated');
        return success(org, platformHint(platform.os));
      }),

    reset: ({ newPassword }) =>
      exclusive(async () => {
        const { status, change, account } = await pendingFor();
        if (!account || !change) return nothingPending(status);
        const org = status.policy.branding.organization;
        const verdict = await agent.verifyNewPassword({
          password: newPassword,
          version: change.version,
        });
        if (!verdict.ok) return verifyFailure(verdict, org);
        const result = await agent.resetPassword({
          password: newPassword,
          version: change.version,
        });
        deps.onApplied(result.passwordVersion);
        logger.info({ version: result.passwordVersion }, 'password reset without the previous one');
        return success(org, [result.lost, platformHint(platform.os)].filter(Boolean).join(' '));
      }),

    changePassword: ({ currentPassword, newPassword }) =>
      exclusive(async () => {
        const status = await agent.getStatus();
        const account = status.account;
        const org = status.policy.branding.organization;
        if (status.policy.passwordAuthority === 'okta') {
          return failure(
            'refused-by-policy',
            `Change your password in ${org}; this device follows it.`,
            null,
          );
        }
        if (!account || account.state !== 'active') return nothingPending(status);
        const broken = complexityRules(status.policy.passwordComplexity).filter(
          (r) => !r.test(newPassword),
        );
        if (broken.length > 0) {
          return failure(
            'policy-refused',
            'The new password does not meet the password rules.',
            'newPassword',
            {
              rules: broken.map((r) => r.label),
            },
          );
        }
        const { version } = await agent.requestPasswordChange({ newPassword });
        deps.onApplying?.(version);
        try {
          await platform.changePassword(account.deviceUsername, currentPassword, newPassword);
        } catch (error) {
          logger.warn({ version, code: codeOf(error) }, 'self-service local change refused');
          const result = platformFailure(error, 'currentPassword');
          if (result.error === 'previous-password-wrong') {
            result.message = `Your new ${org} password is saved, but this device still uses its current password because the one you typed is not it. Type the password you use on this device now.`;
          }
          deps.onApplyEnded?.(version);
          return result;
        }
        deps.onApplied(version);
        deps.onApplyEnded?.(version);
        await report(version, 'applied', null);
        return success(org, platformHint(platform.os));
      }),
  };

  async function report(version: number, outcome: 'applied' | 'failed', reason: string | null) {
    try {
      await agent.reportPasswordApplied({ version, outcome, reason });
    } catch (error) {
      // The local change stands either way; the agent reconciles on its next status.
      logger.warn(
        { version, code: codeOf(error) },
        'could not report the password outcome to the agent',
      );
    }
  }
}

function nothingPending(status: AgentStatus): SubmitResult {
  if (!status.account)
    return failure('failed', 'No account on this device is managed for you by Lockstep.', null);
  if (status.account.state === 'suspended') {
    return failure('failed', 'Your account is suspended. Contact your IT team.', null);
  }
  return failure('failed', 'There is no password change waiting for this device any more.', null);
}

function codeOf(error: unknown): string {
  if (error instanceof PlatformError) return error.code;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.name : 'unknown';
}
