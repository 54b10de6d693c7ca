/**
 * Counts established TCP connections to a local port from /proc/net/tcp (both directions appear;
 * we count the server side: local port = the directory's).
 */
import { readFileSync } from 'node:fs';

export function establishedTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(`:${hex}`) && f[3] === '01') n++;
  }
  return n;
}
