import { useState, type FormEvent } from 'react';
import { useBridge } from '../app-context.js';
import { PasswordField } from '../components/password-field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SuccessPanel } from '../components/success-panel.js';
import { localProblem, useSubmission } from '../use-submission.js';
import { ForgotPreviousPassword } from './forgot-previous-password.js';

const ALERT_ID = 'prompt-problem';

/**
 * New + previous password. Both values live only in this component's state and are cleared the
 * moment they are sent, whatever the outcome; they vanish with the component on unmount.
 */
export function PromptForm({
  organization,
  deviceUsername,
  pending,
}: {
  organization: string;
  deviceUsername: string;
  pending: boolean;
}) {
  const bridge = useBridge();
  const { busy, problem, setProblem, success, run, fieldRef, submitButton } =
    useSubmission('prompt');
  const [newPassword, setNewPassword] = useState('');
  const [previousPassword, setPreviousPassword] = useState('');

  const clear = () => {
    setNewPassword('');
    setPreviousPassword('');
  };
  const needNew = () =>
    setProblem(
      localProblem(
        'newPassword',
        'Type your new password: the one you use to sign in to Okta now.',
      ),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!newPassword) return needNew();
    if (!previousPassword) {
      return setProblem(
        localProblem(
          'previousPassword',
          'Type your previous password: the one this device still uses.',
        ),
      );
    }
    const payload = { newPassword, previousPassword };
    clear();
    void run(() => bridge.invoke('prompt:submit', payload));
  };

  const reset = () => {
    if (!newPassword) return needNew();
    const payload = { newPassword };
    clear();
    void run(() => bridge.invoke('prompt:reset', payload));
  };

  if (success) {
    return (
      <SuccessPanel
        title="This device now uses your Okta password"
        result={success}
        onClose={() => bridge.closeWindow()}
      />
    );
  }
  // After success the agent reports no pending change; the success panel above stays until closed.
  if (!pending) {
    return (
      <>
        <p className="notice">
          This device already uses your Okta password. There is nothing to update.
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => bridge.closeWindow()}>
            Close
          </button>
        </div>
      </>
    );
  }
  const invalid = (field: string) => problem?.field === field;
  return (
    <>
      <p className="lead">
        Your {organization} password was changed. Update this device so you can keep signing in with
        it.
      </p>
      <p className="account">
        Device account: <strong>{deviceUsername}</strong>
      </p>
      <form onSubmit={submit} noValidate>
        {problem && <ProblemAlert id={ALERT_ID} problem={problem} />}
        <PasswordField
          label="New password"
          help="Your current Okta password."
          value={newPassword}
          onChange={setNewPassword}
          inputRef={fieldRef('newPassword')}
          autoComplete="off"
          invalid={invalid('newPassword')}
          readOnly={busy}
          describedBy={invalid('newPassword') ? ALERT_ID : undefined}
        />
        <PasswordField
          label="Previous password"
          help="The password this device still uses."
          value={previousPassword}
          onChange={setPreviousPassword}
          inputRef={fieldRef('previousPassword')}
          autoComplete="off"
          invalid={invalid('previousPassword')}
          readOnly={busy}
          describedBy={invalid('previousPassword') ? ALERT_ID : undefined}
        />
        <div className="actions">
          <button type="submit" className="primary" ref={submitButton} aria-disabled={busy}>
            Update password
          </button>
          <p role="status" className="busy">
            {busy ? 'Updating this device…' : ''}
          </p>
        </div>
      </form>
      <ForgotPreviousPassword busy={busy} onConfirm={reset} />
    </>
  );
}
