import type { complexityRules } from '../../src-shared/policy.js';

type Rule = ReturnType<typeof complexityRules>[number];

/** The policy's rules, ticked off as the user types; read out with the field it describes. */
export function ComplexityChecklist({
  id,
  rules,
  password,
}: {
  id: string;
  rules: Rule[];
  password: string;
}) {
  return (
    <div id={id} className="checklist">
      <p>Your new password needs:</p>
      <ul>
        {rules.map((rule) => {
          const met = rule.test(password);
          return (
            <li key={rule.id} className={met ? 'met' : 'unmet'}>
              {rule.label}
              <span className="visually-hidden">{met ? ' (done)' : ' (not yet)'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
