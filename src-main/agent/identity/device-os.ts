/**
 * Which of the three supported OSes this is. Apart from machine-facts.ts so that `agent run`,
 * which needs only this, does not load node-machine-id (enrollment's concern) into the service.
 */
import { platform } from 'node:os';
import type { DeviceOs } from '../../../src-shared/checkin-protocol.js';

export function deviceOs(nodePlatform: NodeJS.Platform = platform()): DeviceOs {
  if (nodePlatform === 'linux') return 'linux';
  if (nodePlatform === 'darwin') return 'macos';
  if (nodePlatform === 'win32') return 'windows';
  throw new Error(`Lockstep agents run on Linux, macOS and Windows; this is ${nodePlatform}`);
}
