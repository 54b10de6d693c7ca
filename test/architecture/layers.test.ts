/**
 * The folder layout is the architecture: lint refuses an import that points up the house.
 * Each case plants one import in a file of a zone (in memory: the file's text is replaced for
 * the lint only, nothing is written) and asks the project's own ESLint configuration about it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

/** A real file of each zone: typed lint only reads files its TypeScript projects know. */
const HOST = {
  shared: 'src-shared/policy.ts',
  platform: 'src-main/platform/script-runner.ts',
  agent: 'src-main/agent/create-agent.ts',
  bridge: 'src-main/bridge/line-splitter.ts',
  tray: 'src-main/tray/clock.ts',
  electron: 'src-main/electron/tray-icon.ts',
  renderer: 'src-renderer/transport.ts',
  server: 'src-server/directory-app.ts',
  cli: 'src-cli/lockstep.ts',
} as const;

async function lintPlanted(zone: keyof typeof HOST, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, HOST[zone]) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`lint could not read the planted file: ${fatal.message}`);
  return messages.map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

const planted = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('lint zones', () => {
  it.each([
    ['shared imports the agent', 'shared', '../src-main/agent/create-agent.js'],
    ['the OS layer imports the agent', 'platform', '../agent/create-agent.js'],
    ['the agent imports the tray', 'agent', '../tray/tray-controller.js'],
    ['the bridge imports the agent', 'bridge', '../agent/create-agent.js'],
    ['the tray imports Electron glue', 'tray', '../electron/tray-app.js'],
    [
      'Electron glue reaches past the tray to the OS layer',
      'electron',
      '../platform/account-platform.js',
    ],
    ['the renderer imports main-process code', 'renderer', '../src-main/tray/clock.js'],
    ['the server imports the agent', 'server', '../src-main/agent/create-agent.js'],
    ['the server imports the CLI', 'server', '../src-cli/cli-support.js'],
    ['the agent imports the CLI', 'agent', '../../src-cli/version.js'],
  ] as const)('refuses: %s', async (_what, zone, specifier) => {
    const messages = await lintPlanted(zone, planted(specifier));
    expect(messages.filter((m) => m.startsWith('boundaries/dependencies'))).toHaveLength(1);
  });

  it.each([
    ['the agent imports the OS layer', 'agent', '../platform/account-platform.js'],
    ['the tray imports the agent API', 'tray', '../agent/create-agent.js'],
    ['Electron glue imports the tray', 'electron', '../tray/clock.js'],
    ['the CLI imports the server', 'cli', '../src-server/directory-server.js'],
  ] as const)('allows: %s', async (_what, zone, specifier) => {
    const messages = await lintPlanted(zone, planted(specifier));
    expect(messages.filter((m) => m.startsWith('boundaries/'))).toEqual([]);
  });

  it('only the Electron glue and the preload import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await lintPlanted('tray', code)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-restricted-imports: .*src-main\/electron/),
      ]),
    );
    expect(
      (await lintPlanted('electron', code)).filter((m) => m.startsWith('no-restricted')),
    ).toEqual([]);
  });
});
