import { useMemo, useState, type FormEvent } from 'react';
import { complexityRules, type PasswordComplexity } from '../../src-shared/policy.js';
import { useBridge } from '../app-context.js';
import { ComplexityChecklist } from '../components/complexity-checklist.js';
import { PasswordField } from '../components/password-field.js';
import { ProblemAlert } from '../components/problem-alert.js';
import { SuccessPanel } from '../components/success-panel.js';
import { localProblem, useSubmission } from '../use-submission.js';

const ALERT_ID = 'change-problem';
const RULES_ID = 'change-rules';
const MISMATCH_ID = 'change-mismatch';

/**
 * Current, new and confirm. The values stay in this component's state, are cleared as soon as
 * they are sent (success or not) and disappear with it on unmount.
 */
export function ChangePasswordForm({ complexity }: { complexity: PasswordComplexity }) {
  const bridge = useBridge();
  const { busy, problem, setProblem, success, run, fieldRef, submitButton } =
    useSubmission('change');
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const rules = useMemo(() => complexityRules(complexity), [complexity]);
  const mismatch = confirmPassword.length > 0 && confirmPassword !== newPassword;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!currentPassword)
      return setProblem(localProblem('currentPassword', 'Type your current password.'));
    const unmet = rules.filter((rule) => !rule.test(newPassword)).map((rule) => rule.label);
    if (unmet.length > 0) {
      return setProblem(
        localProblem('newPassword', 'Your new password doesn’t meet these rules yet:', unmet),
      );
    }
    if (confirmPassword !== newPassword) {
      return setProblem(
        localProblem(
          'confirmPassword',
          'The two new passwords don’t match. Type the new password again.',
        ),
      );
    }
    const payload = { currentPassword, newPassword };
    setCurrentPassword('');
    setNewPassword('');
    setConfirmPassword('');
    void run(() => bridge.invoke('change:submit', payload));
  };

  if (success) {
    return (
      <SuccessPanel
        title="Your password was changed"
        result={success}
        onClose={() => bridge.closeWindow()}
      />
    );
  }
  const invalid = (field: string) => problem?.field === field;
  const alertFor = (field: string) => (invalid(field) ? ALERT_ID : undefined);
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ProblemAlert id={ALERT_ID} problem={problem} />}
      <PasswordField
        label="Current password"
        help="The password you use to sign in now."
        value={currentPassword}
        onChange={setCurrentPassword}
        inputRef={fieldRef('currentPassword')}
        autoComplete="current-password"
        invalid={invalid('currentPassword')}
        readOnly={busy}
        describedBy={alertFor('currentPassword')}
      />
      <PasswordField
        label="New password"
        help="It must meet the rules below."
        value={newPassword}
        onChange={setNewPassword}
        inputRef={fieldRef('newPassword')}
        autoComplete="new-password"
        invalid={invalid('newPassword')}
        readOnly={busy}
        describedBy={[RULES_ID, alertFor('newPassword')].filter(Boolean).join(' ')}
      />
      <ComplexityChecklist id={RULES_ID} rules={rules} password={newPassword} />
      <PasswordField
        label="Confirm new password"
        help="Type the new password again."
        value={confirmPassword}
        onChange={setConfirmPassword}
        inputRef={fieldRef('confirmPassword')}
        autoComplete="new-password"
        invalid={mismatch || invalid('confirmPassword')}
        readOnly={busy}
        describedBy={[mismatch ? MISMATCH_ID : undefined, alertFor('confirmPassword')]
          .filter(Boolean)
          .join(' ')}
      />
      <p id={MISMATCH_ID} className="field-note">
        {mismatch ? 'The passwords don’t match yet.' : ''}
      </p>
      <div className="actions">
        <button type="submit" className="primary" ref={submitButton} aria-disabled={busy}>
          Change password
        </button>
        <p role="status" className="busy">
          {busy ? 'Changing your password…' : ''}
        </p>
      </div>
    </form>
  );
}
