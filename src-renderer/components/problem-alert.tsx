import type { FormProblem } from '../text/failure-text.js';

/** The one error box of a form; role=alert so screen readers read it out as it appears. */
export function ProblemAlert({ id, problem }: { id: string; problem: FormProblem }) {
  return (
    <div id={id} role="alert" className="alert">
      <p>{problem.title}</p>
      {problem.rules.length > 0 && (
        <ul>
          {problem.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      )}
      {problem.detail && <p className="detail">{problem.detail}</p>}
    </div>
  );
}
