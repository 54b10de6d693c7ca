import type { ReactNode } from 'react';
import { useAppState } from '../app-context.js';
import { selectLink, selectLinkProblem, selectStatus } from '../store/selectors.js';

/** Shows loading, a lost link or "no account here" until there is something real to show. */
export function StatusGate({
  children,
  needsAccount = true,
}: {
  children: ReactNode;
  needsAccount?: boolean;
}) {
  const status = useAppState(selectStatus);
  const link = useAppState(selectLink);
  const linkProblem = useAppState(selectLinkProblem);
  if (!status) {
    if (link === 'closed') {
      return (
        <p role="alert" className="alert">
          {linkProblem}
        </p>
      );
    }
    return (
      <p role="status" className="notice">
        Loading…
      </p>
    );
  }
  if (needsAccount && !status.account) {
    return (
      <p className="notice">
        No Lockstep account is linked to your user on this device, so there is nothing to update
        here. If that seems wrong, contact your IT team.
      </p>
    );
  }
  return <>{children}</>;
}
