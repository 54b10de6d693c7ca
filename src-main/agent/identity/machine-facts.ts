/**
 * What the device tells the directory about itself at enrollment: hostname, OS, OS version and a
 * hashed machine id. node-machine-id returns SHA-256 hex of the OS id, but on Linux it silently
 * hashes the hostname when /etc/machine-id and /var/lib/dbus/machine-id are both missing; we detect
 * that and use a random id kept in the state folder instead, and say so.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, release, version as osKernelVersion } from 'node:os';
import { join } from 'node:path';
import machineIdModule from 'node-machine-id';
import type { DeviceOs } from '../../../src-shared/checkin-protocol.js';
import { deviceOs } from './device-os.js';

export const FALLBACK_ID_FILE = 'machine-id.fallback';
const LINUX_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

export interface MachineFacts {
  hostname: string;
  os: DeviceOs;
  osVersion: string;
  machineIdHash: string;
  /** Set when the OS had no machine id and a generated one was used; shown to the person enrolling. */
  warning: string | null;
}

function linuxPrettyName(): string | null {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(text);
    return m?.[1] ?? null;
  } catch {
    return null;
  }
}

export function osVersionText(os: DeviceOs): string {
  const base = os === 'linux' ? linuxPrettyName() : null;
  const text = base ? `${base} (kernel ${release()})` : `${osKernelVersion()} ${release()}`;
  return text.slice(0, 200);
}

function hasLinuxMachineId(idFiles: readonly string[]): boolean {
  return idFiles.some((f) => {
    try {
      return readFileSync(f, 'utf8').trim().length > 0;
    } catch {
      return false;
    }
  });
}

/** SHA-256 hex of a stable machine id; `stateDir` holds the generated fallback when the OS has none. */
export function machineIdHash(
  os: DeviceOs,
  stateDir: string,
  idFiles: readonly string[] = LINUX_ID_FILES,
): { hash: string; warning: string | null } {
  if (os !== 'linux' || hasLinuxMachineId(idFiles)) {
    return { hash: machineIdModule.machineIdSync(false), warning: null };
  }
  const fallbackPath = join(stateDir, FALLBACK_ID_FILE);
  if (!existsSync(fallbackPath))
    writeFileSync(fallbackPath, `${randomBytes(16).toString('hex')}\n`, { mode: 0o600 });
  const id = readFileSync(fallbackPath, 'utf8').trim();
  return {
    hash: createHash('sha256').update(id).digest('hex'),
    warning:
      `no machine id found (${idFiles.join(', ')}); using a random id kept in ${fallbackPath}. ` +
      'Run `systemd-machine-id-setup` and enroll again with --force for a stable id.',
  };
}

export function collectMachineFacts(stateDir: string): MachineFacts {
  const os = deviceOs();
  const { hash, warning } = machineIdHash(os, stateDir);
  return {
    hostname: hostname().slice(0, 255),
    os,
    osVersion: osVersionText(os),
    machineIdHash: hash,
    warning,
  };
}
