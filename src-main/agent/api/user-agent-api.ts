/**
 * `AgentApi` for one local account. The account comes from whoever created this object (the
 * bridge, from the socket's peer identity; the tray's in-process mode, from the session user),
 * never from a call's parameters, so a caller only ever sees and acts on its own account.
 */
import { z } from 'zod';
import { AgentApiError, type AgentApi, type AgentStatus } from '../../../src-shared/agent-api.js';
import type { ActionResult, BoundUser } from '../../../src-shared/checkin-protocol.js';
import { complexityRules } from '../../../src-shared/policy.js';
import type { AgentRuntime } from '../agent-runtime.js';
import { DirectoryError } from '../directory/directory-error.js';
import { PlatformError } from '../../platform/account-platform.js';
import { enqueueResult } from '../reconcile/action-runner.js';
import { pendingFor, statusFor } from './status-view.js';
import { verifyFailure, type PasswordCheck } from './password-check.js';

const Version = z.number().int().min(1);
const PasswordParams = z
  .object({ password: z.string().min(1).max(1024), version: Version })
  .strict();
const ReportParams = z
  .object({
    version: Version,
    outcome: z.enum(['applied', 'failed']),
    reason: z.string().max(500).nullable(),
  })
  .strict();
const ChangeParams = z.object({ newPassword: z.string().min(1).max(1024) }).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AgentApiError(
    'invalid-request',
    `Invalid request: ${issue ? `${issue.path.join('.') || 'params'} ${issue.message}` : 'bad parameters'}`,
  );
}

export function createUserAgentApi(
  runtime: AgentRuntime,
  username: string,
  passwords: PasswordCheck,
): AgentApi {
  const source = () => ({
    agentVersion: runtime.opts.agentVersion,
    device: runtime.identity?.record ?? null,
    state: runtime.state,
    ready: runtime.ready,
  });
  const status = (): AgentStatus => statusFor(source(), username);

  function boundUser(): BoundUser {
    const user = runtime.state.desired.find((u) => u.deviceUsername === username);
    if (!user)
      throw new AgentApiError(
        'not-bound',
        'No Lockstep user is bound to your account on this device.',
      );
    return user;
  }

  /** Records a password outcome for the directory (and the applied version on success), durably. */
  async function recordPassword(
    user: BoundUser,
    action: 'password-apply' | 'password-reset',
    version: number,
    reason: string | null,
  ): Promise<void> {
    const result: ActionResult = {
      userId: user.userId,
      action,
      passwordVersion: version,
      outcome: reason === null ? 'applied' : 'failed',
      reason,
      at: runtime.isoNow(),
    };
    await runtime.commit((state) => {
      if (reason === null) {
        const applied = state.applied.find((a) => a.userId === user.userId);
        if (applied) applied.passwordVersion = Math.max(applied.passwordVersion, version);
        else
          state.applied.push({
            userId: user.userId,
            deviceUsername: user.deviceUsername,
            state: user.state,
            passwordVersion: version,
          });
      }
      enqueueResult(state, result);
    });
    runtime.events.emit('result', result);
    runtime.kickOutbox();
  }

  async function verifyPending(params: unknown) {
    const { password, version } = parse(PasswordParams, params);
    const user = boundUser();
    const pending = pendingFor(source(), user);
    return {
      user,
      version,
      password,
      result: await passwords.check(username, user, pending?.version ?? null, password, version),
    };
  }

  return {
    getStatus: async () => status(),
    checkInNow: async () => runtime.checkInNow(),
    async verifyNewPassword(params) {
      return (await verifyPending(params)).result;
    },
    async reportPasswordApplied(params) {
      const { version, outcome, reason } = parse(ReportParams, params);
      const user = boundUser();
      if (version > user.passwordVersion)
        throw new AgentApiError(
          'invalid-request',
          `Password version ${version} is not known on this device.`,
        );
      await runtime.serial(async () => {
        const applied =
          runtime.state.applied.find((a) => a.userId === user.userId)?.passwordVersion ?? 0;
        if (outcome === 'applied' && version <= applied) return; // Already recorded: report once.
        await recordPassword(
          user,
          'password-apply',
          version,
          outcome === 'applied' ? null : (reason ?? 'the password could not be applied'),
        );
      });
    },
    async resetPassword(params) {
      const { user, version, password, result } = await verifyPending(params);
      if (!result.ok) throw verifyFailure(result);
      return runtime.serial(async () => {
        if (pendingFor(source(), boundUser())?.version !== version) {
          throw verifyFailure({
            ok: false,
            reason: 'no-pending-change',
            retryAfterSeconds: null,
            attemptsLeft: null,
          });
        }
        try {
          const { lost } = await runtime.opts.platform.resetPassword(user.deviceUsername, password);
          await recordPassword(user, 'password-reset', version, null);
          return { lost, passwordVersion: version };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await recordPassword(user, 'password-reset', version, message.slice(0, 500));
          if (error instanceof PlatformError)
            throw new AgentApiError('platform-failed', error.message);
          throw new AgentApiError(
            'internal',
            'Setting the new password failed unexpectedly; your old password still works.',
          );
        }
      });
    },
    async requestPasswordChange(params) {
      const { newPassword } = parse(ChangeParams, params);
      const user = boundUser();
      const policy = runtime.state.policy;
      if (policy.passwordAuthority === 'okta') {
        throw new AgentApiError(
          'refused-by-policy',
          `Your password is managed in Okta. Change it there${policy.branding.helpUrl ? ` (${policy.branding.helpUrl})` : ''}.`,
        );
      }
      const broken = complexityRules(policy.passwordComplexity).filter((r) => !r.test(newPassword));
      if (broken.length > 0)
        throw new AgentApiError(
          'invalid-request',
          `The new password needs: ${broken.map((r) => r.label.toLowerCase()).join('; ')}.`,
        );
      const client = runtime.client;
      if (!client)
        throw new AgentApiError(
          'directory-unreachable',
          'This device is not connected to a directory yet.',
        );
      try {
        const version = await client.requestPasswordChange(
          user.userId,
          newPassword,
          AbortSignal.timeout(30_000),
        );
        runtime.checkInNow();
        return { version };
      } catch (error) {
        if (!(error instanceof DirectoryError))
          throw new AgentApiError('internal', 'The password change failed unexpectedly.');
        if (error.kind === 'refused' && error.status === 403)
          throw new AgentApiError(
            'refused-by-policy',
            'Your organization does not allow changing the password from this device.',
          );
        if (error.kind === 'refused')
          throw new AgentApiError(
            'invalid-request',
            `The directory refused the new password: ${error.message}`,
          );
        throw new AgentApiError(
          'directory-unreachable',
          'The directory cannot be reached right now; try again later. Your password was not changed.',
        );
      }
    },
    onStatus(listener) {
      let last = JSON.stringify(status());
      return runtime.events.on('change', () => {
        const next = status();
        const text = JSON.stringify(next);
        if (text === last) return;
        last = text;
        listener(next);
      });
    },
  };
}
