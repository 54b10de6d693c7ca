/** Turns main's SubmitFailure codes into plain words and the field the user should fix. */
import type { SubmitFailure } from '../../src-shared/ipc-contract.js';
import { retryText } from './time-text.js';

export type FieldName = 'newPassword' | 'previousPassword' | 'currentPassword' | 'confirmPassword';

/** A problem shown above a form: announced to screen readers, focus moved to `field`. */
export interface FormProblem {
  title: string;
  /** More words from main, when the code alone does not say enough. */
  detail: string | null;
  /** Password rules to list (OS policy or complexity). */
  rules: string[];
  field: FieldName | null;
}

export type FormContext = 'prompt' | 'change';

export function failureProblem(f: SubmitFailure, context: FormContext, now: Date): FormProblem {
  const base = { detail: null, rules: [] as string[] };
  switch (f.error) {
    case 'new-password-mismatch':
      return {
        ...base,
        title:
          context === 'prompt'
            ? 'That new password doesn’t match your current Okta password. Type the password you use to sign in to Okta now.'
            : 'That new password was not accepted. Check it and try again.',
        field: f.field ?? 'newPassword',
      };
    case 'previous-password-wrong':
      return context === 'prompt'
        ? {
            ...base,
            title:
              'That previous password is not the one this device uses. Type the password you last used to sign in to this device.',
            field: f.field ?? 'previousPassword',
          }
        : {
            ...base,
            title: 'That is not your current password. Check it and try again.',
            field: f.field ?? 'currentPassword',
          };
    case 'policy-refused':
      return {
        ...base,
        title:
          context === 'prompt'
            ? 'This device’s password rules refused your new password. Nothing was changed. Change your Okta password to one that meets these rules, then update this device:'
            : 'This device’s password rules refused your new password. Nothing was changed. Choose one that meets these rules:',
        rules: f.rules,
        field: f.field ?? 'newPassword',
      };
    case 'throttled':
      return {
        ...base,
        title:
          f.retryAfterSeconds === null
            ? 'Too many tries. Wait a few minutes, then try again.'
            : `Too many tries. For your safety, you can try again ${retryText(f.retryAfterSeconds, now)}.`,
        field: f.field ?? (context === 'prompt' ? 'newPassword' : 'currentPassword'),
      };
    case 'agent-unreachable':
      return {
        ...base,
        title:
          'Lockstep’s device service is not answering, so nothing was changed. Try again in a minute.',
        detail: f.message || null,
        field: f.field,
      };
    case 'refused-by-policy':
      return {
        ...base,
        title: 'Your organization does not allow changing this password here. Change it in Okta.',
        detail: f.message || null,
        field: f.field,
      };
    case 'failed':
      return {
        ...base,
        title:
          'The password could not be changed. Nothing was changed: your previous password still works.',
        detail: f.message || null,
        field: f.field,
      };
  }
}

/**
 * When the call itself fails (link lost, no answer, unreadable answer). The outcome is unknown,
 * so it claims nothing; a change that did go through shows up in the next status push.
 */
export function unreachableProblem(error: unknown): FormProblem {
  return {
    title: 'Lockstep did not answer, so this device may not be updated yet. Try again in a minute.',
    detail: error instanceof Error ? error.message : null,
    rules: [],
    field: null,
  };
}
