/**
 * Where the simulator's secrets come from: the SCIM token from a file or stdin, a password from
 * stdin. Never argv or the environment, which other local users and process listings can read.
 */
import { readFile, stat } from 'node:fs/promises';

/**
 * Reads the bearer token from a file (the last non-empty line, so the saved output of
 * `lockstep directory token create` works as is). Warns when others may read the file.
 */
export async function readTokenFile(
  path: string,
  warn: (message: string) => void,
): Promise<string> {
  let mode: number;
  let text: string;
  try {
    mode = (await stat(path)).mode;
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(
      `cannot read --token-file ${path} (${code}); give the file that holds the SCIM token`,
    );
  }
  if (process.platform !== 'win32' && (mode & 0o044) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    warn(
      `warning: ${path} can be read by other users (mode ${octal}); restrict it with: chmod 600 ${path}`,
    );
  }
  return tokenFromText(text, `--token-file ${path}`);
}

/** The token piped on stdin (its last non-empty line). */
export function tokenFromStdin(text: string): string {
  return tokenFromText(text, 'stdin');
}

/** A password piped on stdin: everything but one trailing line break. */
export function passwordFromStdin(text: string): string {
  const password = text.replace(/\r?\n$/, '');
  if (password.length === 0)
    throw new Error(
      'no password on stdin; pipe it in, e.g. printf %s "$NEW" | lockstep okta-sim …',
    );
  return password;
}

function tokenFromText(text: string, source: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const token = (lines.at(-1) ?? '').replace(/^Bearer\s+/i, '');
  if (token.length === 0) throw new Error(`no SCIM token found in ${source}`);
  if (/\s/.test(token))
    throw new Error(`the SCIM token in ${source} contains spaces; it should be one word`);
  return token;
}
