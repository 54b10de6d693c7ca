/**
 * DNS-rebinding and cross-site guards for the web shell: a request must name our loopback
 * address and port in `Host`, and a WebSocket must come from a page of that same origin.
 */
import net from 'node:net';

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return bare === '::1';
}

/** The `Host` header values under which this server may be addressed. */
export function allowedHostHeaders(boundHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  hosts.add(net.isIPv6(boundHost) ? `[${boundHost}]:${port}` : `${boundHost}:${port}`);
  return hosts;
}

export function isAllowedHost(
  hostHeader: string | undefined,
  allowed: ReadonlySet<string>,
): boolean {
  return hostHeader !== undefined && allowed.has(hostHeader.toLowerCase());
}

/** A WebSocket's Origin must be `http://` + one of our own Host values. */
export function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.origin === origin && allowed.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}
