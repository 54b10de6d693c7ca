import { useAppState } from '../app-context.js';
import { HelpLink } from '../components/help-link.js';
import { WindowFrame } from '../components/window-frame.js';
import {
  selectAccount,
  selectHelpUrl,
  selectOrganization,
  selectPendingChange,
} from '../store/selectors.js';
import { PromptForm } from './prompt-form.js';
import { StatusGate } from './status-gate.js';

/** The prompt window: asks for the new (Okta) and previous (device) password after a change. */
export function PromptView() {
  const account = useAppState(selectAccount);
  const organization = useAppState(selectOrganization);
  const helpUrl = useAppState(selectHelpUrl);
  const pending = useAppState(selectPendingChange);

  return (
    <WindowFrame id="prompt-title" title="Update your device password">
      <StatusGate>
        {account?.state === 'suspended' && (
          <p className="notice">
            Your account is suspended, so the device account{' '}
            <strong>{account.deviceUsername}</strong> is turned off. Contact your IT team.
          </p>
        )}
        {account?.state === 'active' && (
          <PromptForm
            organization={organization ?? 'Okta'}
            deviceUsername={account.deviceUsername}
            pending={pending !== null}
          />
        )}
      </StatusGate>
      <HelpLink url={helpUrl} />
    </WindowFrame>
  );
}
