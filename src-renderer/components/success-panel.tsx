import { useEffect, useRef } from 'react';
import type { SubmitResult } from '../../src-shared/ipc-contract.js';

type Success = Extract<SubmitResult, { ok: true }>;

/** Shown once a change worked; takes focus so screen readers read the outcome first. */
export function SuccessPanel({
  title,
  result,
  onClose,
}: {
  title: string;
  result: Success;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="success" aria-labelledby="success-title">
      <h2 id="success-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {result.message && result.message !== title && <p>{result.message}</p>}
      {result.hint && <p className="hint">{result.hint}</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </section>
  );
}
