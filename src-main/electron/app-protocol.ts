/**
 * `lockstep://app/…` serves the renderer bundle instead of file:// (which would give pages
 * file-system-wide origins). Responses carry the CSP and the other security headers.
 */
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, readAppAsset } from '../tray/app-assets.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../tray/content-security-policy.js';

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    // standard: real origins and relative URLs; secure: counts as a secure context (like https).
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: false,
        corsEnabled: false,
        stream: false,
      },
    },
  ]);
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET')
      return new Response('Not found', { status: 404 });
    const asset = await readAppAsset(rendererDir, url.pathname);
    if (asset.status !== 200) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(asset.body), {
      status: 200,
      headers: {
        'Content-Type': asset.contentType,
        'Content-Security-Policy': contentSecurityPolicy(),
        ...SECURITY_HEADERS,
      },
    });
  });
}
