import { useAppState } from '../app-context.js';
import { HelpLink } from '../components/help-link.js';
import { selectAccount, selectHelpUrl, selectPolicy } from '../store/selectors.js';
import { ChangePasswordForm } from './change-password-form.js';
import { StatusGate } from './status-gate.js';
import { WindowFrame } from '../components/window-frame.js';

/** Self-service change; only when the directory, not Okta, is the password authority. */
export function ChangePasswordView() {
  const policy = useAppState(selectPolicy);
  const account = useAppState(selectAccount);
  const helpUrl = useAppState(selectHelpUrl);

  return (
    <WindowFrame id="change-title" title="Change your password">
      <StatusGate>
        {policy?.passwordAuthority === 'okta' ? (
          <>
            <p className="notice">Your organization manages passwords in Okta.</p>
            <p>
              Change your password in Okta. Lockstep will then ask you to update this device with
              it.
            </p>
          </>
        ) : (
          policy &&
          account && (
            <>
              <p className="lead">
                This changes the password of <strong>{account.deviceUsername}</strong> on this
                device and in your organization’s directory.
              </p>
              <ChangePasswordForm complexity={policy.passwordComplexity} />
            </>
          )
        )}
      </StatusGate>
      <HelpLink url={helpUrl} />
    </WindowFrame>
  );
}
