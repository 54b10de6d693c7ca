/**
 * Maps a request path to a file of the renderer bundle (dist/renderer), for the `lockstep://app/`
 * protocol handler and the web shell alike. Anything outside the bundle is not found.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'lockstep';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type AssetResult = { status: 200; body: Buffer; contentType: string } | { status: 404 };

/** `pathname` as found in the URL (percent-encoded); `/` serves index.html. */
export async function readAppAsset(rootDir: string, pathname: string): Promise<AssetResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 404 };
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const contentType = TYPES[path.extname(relative).toLowerCase()];
  if (!contentType || relative.includes('\0')) return { status: 404 };
  try {
    const root = await realpath(rootDir);
    // realpath also resolves symlinks, so a link inside the bundle cannot point outside it.
    const file = await realpath(path.resolve(root, relative));
    if (!file.startsWith(root + path.sep)) return { status: 404 };
    return { status: 200, body: await readFile(file), contentType };
  } catch {
    return { status: 404 };
  }
}
