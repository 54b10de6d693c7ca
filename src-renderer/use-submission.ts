/**
 * The shared life of a password form: busy flag, the one problem shown, the success result, and
 * focus on the field to fix. Password values are not here: each form keeps them in its own state.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SubmitResult } from '../src-shared/ipc-contract.js';
import { useClock } from './app-context.js';
import {
  failureProblem,
  unreachableProblem,
  type FieldName,
  type FormContext,
  type FormProblem,
} from './text/failure-text.js';

type Success = Extract<SubmitResult, { ok: true }>;

export function useSubmission(context: FormContext) {
  const now = useClock();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [success, setSuccess] = useState<Success | null>(null);
  const fields = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});
  const submitButton = useRef<HTMLButtonElement>(null);

  // A new problem object each time, so a repeated mistake still moves focus.
  useEffect(() => {
    if (!problem) return;
    const target = problem.field ? fields.current[problem.field] : submitButton.current;
    target?.focus();
  }, [problem]);

  const run = useCallback(
    async (send: () => Promise<SubmitResult>) => {
      setBusy(true);
      setProblem(null);
      try {
        const result = await send();
        if (result.ok) setSuccess(result);
        else setProblem(failureProblem(result, context, now()));
      } catch (error) {
        setProblem(unreachableProblem(error));
      } finally {
        setBusy(false);
      }
    },
    [context, now],
  );

  const fieldRef = useCallback(
    (name: FieldName) => (el: HTMLInputElement | null) => {
      fields.current[name] = el;
    },
    [],
  );

  return { busy, problem, setProblem, success, run, fieldRef, submitButton };
}

/** A problem found before anything is sent (an empty field, a mismatch). */
export function localProblem(field: FieldName, title: string, rules: string[] = []): FormProblem {
  return { title, detail: null, rules, field };
}
