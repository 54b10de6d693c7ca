/**
 * Turns `--directory` and `--token-file` / `--token-stdin` into a SCIM client, refusing a token
 * given as an argument with the reason. Shared by every `okta-sim` command.
 */
import { CliError, readStdin } from '../cli-support.js';
import { ScimClient } from '../../src-okta-sim/scim-client.js';
import { scimBaseUrl, type ScimExchange } from '../../src-okta-sim/scim-request.js';
import { readTokenFile, tokenFromStdin } from './secret-input.js';

export interface ConnectionOptions {
  directory?: string;
  /** Only ever set to be refused: a secret on the command line is visible to every local user. */
  token?: string;
  tokenFile?: string;
  tokenStdin?: boolean;
}

/** `stdinTaken`: the command reads a password from stdin, so the token cannot come from there. */
export async function connect(
  options: ConnectionOptions,
  stdinTaken: boolean,
  onExchange?: (e: ScimExchange) => void,
): Promise<{ client: ScimClient; token: string; baseUrl: string }> {
  if (options.token !== undefined) {
    throw new CliError(
      'the SCIM token is a secret and is not taken as an argument (ps and shell history show it); use --token-file FILE or --token-stdin',
    );
  }
  if (!options.directory)
    throw new CliError('give --directory URL (the Lockstep directory, e.g. http://127.0.0.1:8080)');
  const baseUrl = scimBaseUrl(options.directory);
  if (options.tokenFile && options.tokenStdin)
    throw new CliError('give either --token-file or --token-stdin, not both');
  if (!options.tokenFile && !options.tokenStdin) {
    throw new CliError(
      'give the SCIM token with --token-file FILE or --token-stdin (never as an argument)',
    );
  }
  if (options.tokenStdin && stdinTaken) {
    throw new CliError(
      'this command reads the password from stdin, so give the token with --token-file FILE',
    );
  }
  const token = options.tokenFile
    ? await readTokenFile(options.tokenFile, (m) => process.stderr.write(`${m}\n`))
    : tokenFromStdin(await readStdin());
  return {
    client: new ScimClient({ baseUrl, token, ...(onExchange ? { onExchange } : {}) }),
    token,
    baseUrl,
  };
}
