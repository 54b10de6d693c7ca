/**
 * One reconcile pass: read the local accounts, plan with the pure reconciler, run the actions, and
 * keep the pending password changes for the tray. Passes run one at a time (`serial`), together
 * with every other change to applied state, so two passes never act on the same account at once.
 */
import type { ActionResult } from '../../../src-shared/checkin-protocol.js';
import { checkDeviceUsername } from '../../../src-shared/device-username.js';
import type { Logger } from '../../../src-shared/logger.js';
import type { AccountInfo, AccountPlatform } from '../../platform/account-platform.js';
import { runActions } from '../reconcile/action-runner.js';
import { reconcile } from '../reconcile/reconciler.js';
import type { AgentState } from '../state/agent-state.js';

export interface ReconciliationDeps {
  platform: AccountPlatform;
  logger: Logger;
  nowMs: () => number;
  state: () => AgentState;
  commit: (mutate: (state: AgentState) => void) => Promise<void>;
  onResult: (result: ActionResult) => void;
}

export class Reconciliation {
  /** Users whose account the last pass found ready to manage (see ReconcilePlan.ready). */
  ready: ReadonlySet<string> = new Set();
  private chain: Promise<unknown> = Promise.resolve();
  /** Last account-lookup error per username, so a broken lookup is logged once, not every pass. */
  private readonly lookupErrors = new Map<string, string>();

  constructor(private readonly deps: ReconciliationDeps) {}

  serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async readLocal(): Promise<Map<string, AccountInfo>> {
    const local = new Map<string, AccountInfo>();
    for (const user of this.deps.state().desired) {
      const name = user.deviceUsername;
      // Names the reconciler will refuse never reach the platform.
      if (!checkDeviceUsername(name).ok || local.has(name)) continue;
      try {
        local.set(name, await this.deps.platform.accountInfo(name));
        this.lookupErrors.delete(name);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.lookupErrors.get(name) !== message) {
          this.deps.logger.warn(
            { username: name, err: message },
            'cannot read the local account; leaving it as it is for now',
          );
        }
        this.lookupErrors.set(name, message);
      }
    }
    return local;
  }

  /** Plans and runs one pass; call through `serial`. Returns the results it recorded. */
  async run(): Promise<ActionResult[]> {
    const local = await this.readLocal();
    const state = this.deps.state();
    const plan = reconcile({
      desired: state.desired,
      policy: state.policy,
      applied: state.applied,
      failures: state.failures,
      local,
      nowMs: this.deps.nowMs(),
    });
    this.ready = plan.ready;
    // An account that is already as it should be (managed for this user, nothing to do) still
    // needs an applied entry, or the directory never learns this device is in step.
    const untracked = state.desired.filter(
      (u) => plan.ready.has(u.userId) && !state.applied.some((a) => a.userId === u.userId),
    );
    if (untracked.length > 0) {
      await this.deps.commit((s) => {
        for (const u of untracked) {
          const disabled = local.get(u.deviceUsername)?.disabled ?? false;
          s.applied.push({
            userId: u.userId,
            deviceUsername: u.deviceUsername,
            state: disabled ? 'suspended' : 'active',
            passwordVersion: 0,
          });
        }
      });
    }
    if (state.failures.some((f) => !plan.liveMemoKeys.has(f.key))) {
      await this.deps.commit((s) => {
        s.failures = s.failures.filter((f) => plan.liveMemoKeys.has(f.key));
      });
    }
    const results = await runActions(plan.actions, {
      platform: this.deps.platform,
      nowMs: this.deps.nowMs,
      commit: this.deps.commit,
    });
    for (const result of results) {
      const line = {
        userId: result.userId,
        action: result.action,
        outcome: result.outcome,
        passwordVersion: result.passwordVersion,
        reason: result.reason,
      };
      if (result.outcome === 'applied') this.deps.logger.info(line, 'action applied');
      else this.deps.logger.warn(line, 'action failed');
      this.deps.onResult(result);
    }
    return results;
  }
}
