import { useEffect, useRef, useState } from 'react';
import { usePlatform } from '../app-context.js';
import { whatResetLoses } from '../text/platform.js';

/**
 * "I don't remember my previous password": says plainly what will be lost on this platform and
 * asks for a confirmation before the reset is requested.
 */
export function ForgotPreviousPassword({
  busy,
  onConfirm,
}: {
  busy: boolean;
  onConfirm: () => void;
}) {
  const platform = usePlatform();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const opened = useRef(false);

  useEffect(() => {
    if (open) heading.current?.focus();
    else if (opened.current) toggle.current?.focus();
    opened.current = opened.current || open;
  }, [open]);

  if (!open) {
    return (
      <p className="forgot">
        <button
          type="button"
          className="link"
          ref={toggle}
          aria-expanded="false"
          onClick={() => setOpen(true)}
        >
          I don't remember my previous password
        </button>
      </p>
    );
  }
  return (
    <section className="confirm" aria-labelledby="forgot-title">
      <h2 id="forgot-title" ref={heading} tabIndex={-1}>
        Update without your previous password?
      </h2>
      <p>
        This device will use your Okta password, but anything locked with the previous password
        can’t be opened again:
      </p>
      <ul>
        {whatResetLoses(platform).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>Type your new password above first. This can’t be undone.</p>
      <div className="actions">
        <button
          type="button"
          className="danger"
          aria-disabled={busy}
          onClick={() => !busy && onConfirm()}
        >
          Update and lose saved items
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
