/**
 * Starts the Electron glue (startTrayApp) against the fake `electron` module (the importing test
 * file must `vi.mock('electron', …)`), a fake agent and a temp renderer bundle.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentStatus } from '../../src-shared/agent-api.js';
import { startTrayApp } from '../../src-main/electron/tray-app.js';
import { createFakeAgent, createFakeClock, createFakePlatform, makeStatus } from './fakes.js';
import { captureLogs } from '../support/log-capture.js';

export async function startFakeElectronTray(
  status: AgentStatus = makeStatus({ pendingVersion: 2 }),
) {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'lockstep-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  const agent = createFakeAgent(status);
  const platform = createFakePlatform();
  const clock = createFakeClock();
  const { logger, raw: logs } = captureLogs('info', 'lockstep-tray');
  const tray = await startTrayApp({
    agent,
    platform,
    rendererDir,
    preloadPath: '/app/dist/preload.cjs',
    iconDir: '/app/packaging/icons',
    clock,
    logger,
  });
  return { tray, agent, platform, clock, logs, rendererDir };
}
