import { useState } from 'react';
import type { TrayMenuItem } from '../../src-shared/ipc-contract.js';
import { useAppState, useBridge } from '../app-context.js';
import { TRAY_STATE_WORDS, TrayIcon } from '../components/tray-icon.js';
import { selectLink, selectLinkProblem, selectTray } from '../store/selectors.js';

/** Web shell only: the tray icon, its tooltip and its menu, exactly as main builds them. */
export function TrayPanel() {
  const tray = useAppState(selectTray);
  const link = useAppState(selectLink);
  const linkProblem = useAppState(selectLinkProblem);
  const bridge = useBridge();
  const [failed, setFailed] = useState<string | null>(null);

  const click = (item: TrayMenuItem) => {
    setFailed(null);
    bridge.invoke('menu:click', { id: item.id }).then(
      (r) => !r.ok && setFailed(`“${item.label}” did not work. Try again in a minute.`),
      () => setFailed(`“${item.label}” did not work: Lockstep is not answering.`),
    );
  };

  return (
    <section className="tray-panel" aria-labelledby="tray-title">
      <h2 id="tray-title" className="visually-hidden">
        Lockstep tray
      </h2>
      {link === 'closed' && (
        <p role="alert" className="alert">
          {linkProblem}
        </p>
      )}
      {!tray ? (
        link !== 'closed' && (
          <p role="status" className="notice">
            Connecting to Lockstep…
          </p>
        )
      ) : (
        <>
          <div className="tray-state">
            <TrayIcon state={tray.icon} />
            <strong>{TRAY_STATE_WORDS[tray.icon]}</strong>
          </div>
          <p className="tooltip">{tray.tooltip}</p>
          <nav aria-label="Tray menu">
            <ul className="menu">
              {tray.menu.map((item) => (
                <li key={item.id}>
                  <button type="button" disabled={!item.enabled} onClick={() => click(item)}>
                    {item.label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {failed && (
            <p role="alert" className="alert">
              {failed}
            </p>
          )}
        </>
      )}
    </section>
  );
}
