import { useState } from 'react';
import type { ConnectionState } from '../../src-shared/agent-api.js';
import { useAppState, useBridge } from '../app-context.js';
import { selectStatus } from '../store/selectors.js';
import { absoluteTime, relativeTime } from '../text/time-text.js';
import { useNow } from '../use-now.js';
import { StatusGate } from './status-gate.js';
import { WindowFrame } from '../components/window-frame.js';

const CONNECTION_WORDS: Record<ConnectionState, string> = {
  'not-enrolled': 'This device is not enrolled yet',
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Can’t reach the directory',
};

/** Status / About: who, which device, which directory, when it last checked in, which version. */
export function AboutView() {
  const status = useAppState(selectStatus);
  const bridge = useBridge();
  const now = useNow(30_000);
  const [checkIn, setCheckIn] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');

  const checkInNow = () => {
    setCheckIn('busy');
    bridge.invoke('agent:check-in', {}).then(
      (r) => setCheckIn(r.ok ? 'done' : 'failed'),
      () => setCheckIn('failed'),
    );
  };

  return (
    <WindowFrame id="about-title" title="About Lockstep">
      <StatusGate needsAccount={false}>
        {status && (
          <>
            <dl className="facts">
              <dt>User</dt>
              <dd>
                {status.account
                  ? `${status.account.displayName} (${status.account.deviceUsername})`
                  : 'No Lockstep user on this device'}
              </dd>
              <dt>Device</dt>
              <dd>{status.device ? status.device.hostname : 'Not enrolled'}</dd>
              <dt>Directory</dt>
              <dd>{status.device ? status.device.directoryUrl : 'None yet'}</dd>
              <dt>Last check-in</dt>
              <dd>
                {status.connection.lastCheckInAt ? (
                  <>
                    {relativeTime(status.connection.lastCheckInAt, now)}{' '}
                    <time dateTime={status.connection.lastCheckInAt} className="muted">
                      ({absoluteTime(status.connection.lastCheckInAt)})
                    </time>
                  </>
                ) : (
                  'Never'
                )}
              </dd>
              <dt>Connection</dt>
              <dd>
                {CONNECTION_WORDS[status.connection.state]}
                {status.connection.lastError && (
                  <span className="muted"> — {status.connection.lastError}</span>
                )}
              </dd>
              <dt>Version</dt>
              <dd>{status.agentVersion}</dd>
            </dl>
            <div className="actions">
              <button
                type="button"
                className="primary"
                aria-disabled={checkIn === 'busy'}
                onClick={() => checkIn !== 'busy' && checkInNow()}
              >
                Check in now
              </button>
              <button type="button" onClick={() => bridge.closeWindow()}>
                Close
              </button>
              <p role="status" className="busy">
                {
                  {
                    idle: '',
                    busy: 'Checking in…',
                    done: 'Checked in.',
                    failed: 'Could not check in. Try again in a minute.',
                  }[checkIn]
                }
              </p>
            </div>
          </>
        )}
      </StatusGate>
    </WindowFrame>
  );
}
