import { useId, useState, type Ref } from 'react';

interface Props {
  label: string;
  help: string;
  value: string;
  onChange: (value: string) => void;
  inputRef: Ref<HTMLInputElement>;
  autoComplete: 'off' | 'current-password' | 'new-password';
  invalid: boolean;
  readOnly: boolean;
  /** Extra element ids that describe this field (error, checklist). */
  describedBy?: string | undefined;
}

/** A labelled password input with help text and a show/hide switch (typos cause lockouts). */
export function PasswordField(props: Props) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const helpId = `${id}-help`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <p id={helpId} className="help">
        {props.help}
      </p>
      <div className="input-row">
        <input
          id={id}
          ref={props.inputRef}
          type={shown ? 'text' : 'password'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          autoComplete={props.autoComplete}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          readOnly={props.readOnly}
          aria-invalid={props.invalid || undefined}
          aria-describedby={[helpId, props.describedBy].filter(Boolean).join(' ')}
        />
        <button
          type="button"
          className="reveal"
          aria-pressed={shown}
          aria-label={`Show ${props.label.toLowerCase()}`}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
    </div>
  );
}
