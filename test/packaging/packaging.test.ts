/**
 * What can be checked of packaging without building a package (no Electron binary here): the
 * electron-builder config against electron-builder's own schema, the fuses, and the service and
 * login-item definitions each OS will load.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } =
  require('app-builder-lib/out/util/config/config.js') as {
    getConfig: (dir: string, file: string, extra: null) => Promise<Record<string, unknown>>;
    validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
  };
const { DebugLogger } = require('builder-util/out/util.js') as {
  DebugLogger: new (enabled: boolean) => unknown;
};
const plist = require('plist') as { parse: (xml: string) => Record<string, unknown> };

const loadConfig = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);

function parseUnit(file: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> = {};
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) sections[section[1]!] = current = {};
    else {
      const at = line.indexOf('=');
      (current[line.slice(0, at)] ??= []).push(line.slice(at + 1));
    }
  }
  return sections;
}

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's schema (and the check can fail)", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const broken = {
      ...config,
      electronFuses: { ...(config.electronFuses as object), runAsNodeTypo: false },
    };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow();
  });

  it('flips the fuses: no NODE_OPTIONS, no inspector, asar only and verified, encrypted cookies', async () => {
    const fuses = (await loadConfig()).electronFuses;
    expect(fuses).toEqual({
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps runAsNode on only with the reason written next to it', () => {
    const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const before = text.slice(0, text.indexOf('runAsNode: true'));
    expect(before.slice(before.lastIndexOf('electronFuses:'))).toMatch(
      /ELECTRON_RUN_AS_NODE=1[\s\S]*no privilege gain/,
    );
  });

  it('builds deb + AppImage, dmg + pkg and NSIS, with the native scripts as resources', async () => {
    const c = (await loadConfig()) as Record<string, Record<string, unknown>>;
    expect(c.linux?.target).toEqual(['deb', 'AppImage']);
    expect(c.mac?.target).toEqual(['dmg', 'pkg']);
    expect(c.win?.target).toEqual(['nsis']);
    expect(c.extraResources).toEqual([
      expect.objectContaining({ from: 'native-scripts', to: 'native-scripts' }),
    ]);
    expect(c.deb?.afterInstall).toBe('packaging/linux/after-install.sh');
    expect(c.pkg?.scripts).toBe('packaging/macos/pkg-scripts');
    expect(c.nsis?.include).toBe('packaging/windows/installer.nsh');
  });
});

/**
 * The Node/V8 options of the agent service, read from the systemd unit (which bench/agent-idle.ts
 * also runs): the launchd and WinSW definitions must pass exactly these.
 */
/** The options given to Node itself: those before the script, not the agent's own (`--state`). */
const AGENT_NODE_OPTIONS = (() => {
  const words = parseUnit(
    path.join(root, 'packaging/linux/lockstep-agent.service'),
  ).Service!.ExecStart![0]!.split(' ');
  const script = words.findIndex((w) => w.endsWith('lockstep-agent.cjs'));
  return words.slice(0, script).filter((a) => a.startsWith('--'));
})();

describe('agent service options', () => {
  it('trade JIT, young-generation size and an early memory reducer for memory, the same on every OS', () => {
    expect(AGENT_NODE_OPTIONS).toEqual([
      '--jitless',
      '--no-expose-wasm',
      '--max-semi-space-size=1',
      '--gc-memory-reducer-start-delay-ms=3000',
    ]);
  });
  it('the service entry is the bundle `npm run build` writes', () => {
    expect(readFileSync(path.join(root, 'package.json'), 'utf8')).toMatch(
      /"build": "[^"]*node scripts\/build-agent\.mjs/,
    );
  });
});

describe('systemd unit (Linux agent service)', () => {
  const unit = parseUnit(path.join(root, 'packaging/linux/lockstep-agent.service'));
  const svc = unit.Service!;
  it('runs the agent as root with ELECTRON_RUN_AS_NODE and restarts on failure', () => {
    expect(svc.ExecStart?.[0]).toMatch(
      /^\/opt\/Lockstep\/lockstep (--\S+ )*\S+app\.asar\/dist\/lockstep-agent\.cjs agent run --state \/var\/lib\/lockstep-agent$/,
    );
    // The state folder the service reads is the one systemd creates for it (0700).
    expect(svc.StateDirectory).toEqual(['lockstep-agent']);
    expect(svc.Environment).toContain('ELECTRON_RUN_AS_NODE=1');
    expect(svc.User).toEqual(['root']);
    expect(svc.Restart).toEqual(['on-failure']);
    expect(unit.Install?.WantedBy).toEqual(['multi-user.target']);
  });
  it('is hardened as far as account management allows', () => {
    for (const [key, value] of Object.entries({
      ProtectSystem: 'true',
      PrivateTmp: 'true',
      PrivateDevices: 'true',
      NoNewPrivileges: 'true',
      ProtectKernelModules: 'true',
      ProtectKernelTunables: 'true',
      ProtectControlGroups: 'true',
      RestrictSUIDSGID: 'true',
      LockPersonality: 'true',
      UMask: '0077',
    }))
      expect(svc[key], key).toEqual([value]);
    // /etc must stay writable (passwd, shadow, group) and homes too (new accounts, keyrings).
    expect(svc.ProtectSystem).not.toContain('strict');
    expect(svc.ProtectHome).toEqual(['false']);
    // Unverified that Electron needs no W+X pages under --jitless (see the unit).
    expect(svc.MemoryDenyWriteExecute).toBeUndefined();
    expect(svc.CapabilityBoundingSet?.[0]?.split(' ')).not.toContain('CAP_SYS_ADMIN');
  });
  it('gives the bridge sockets a 0755 runtime directory and the state a 0700 one', () => {
    expect(svc.RuntimeDirectory).toEqual(['lockstep']);
    expect(svc.RuntimeDirectoryMode).toEqual(['0755']);
    expect(svc.StateDirectoryMode).toEqual(['0700']);
  });
});

describe('launchd plists (macOS)', () => {
  const agent = plist.parse(
    readFileSync(path.join(root, 'packaging/macos/dev.lockstep.agent.plist'), 'utf8'),
  );
  const tray = plist.parse(
    readFileSync(path.join(root, 'packaging/macos/dev.lockstep.tray.plist'), 'utf8'),
  );
  it('the agent daemon runs as root with ELECTRON_RUN_AS_NODE, kept alive after crashes', () => {
    expect(agent.Label).toBe('dev.lockstep.agent');
    expect(agent.UserName).toBe('root');
    expect(agent.EnvironmentVariables).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(agent.ProgramArguments).toEqual([
      '/Applications/Lockstep.app/Contents/MacOS/Lockstep',
      ...AGENT_NODE_OPTIONS,
      '/Applications/Lockstep.app/Contents/Resources/app.asar/dist/lockstep-agent.cjs',
      'agent',
      'run',
      '--state',
      '/Library/Application Support/Lockstep',
    ]);
    expect(agent.KeepAlive).toEqual({ SuccessfulExit: false });
    expect(agent.Umask).toBe(0o77);
  });
  it('the tray is a login item for graphical sessions only, talking to the agent socket', () => {
    expect(tray.LimitLoadToSessionType).toBe('Aqua');
    expect(tray.RunAtLoad).toBe(true);
    expect(tray.ProgramArguments).toEqual([
      '/Applications/Lockstep.app/Contents/MacOS/Lockstep',
      '--agent',
      'socket',
    ]);
  });
});

describe('Windows service and login item', () => {
  const xml = readFileSync(path.join(root, 'packaging/windows/lockstep-agent.xml'), 'utf8');
  const nsh = readFileSync(path.join(root, 'packaging/windows/installer.nsh'), 'utf8');
  it('the service runs the app binary as Node under LocalSystem, restarting on failure', () => {
    expect(xml).toMatch(/<env name="ELECTRON_RUN_AS_NODE" value="1"\/>/);
    expect(xml).toMatch(/<username>LocalSystem<\/username>/);
    expect(xml).toContain(
      `<arguments>${AGENT_NODE_OPTIONS.join(' ')} "%BASE%\\..\\app.asar\\dist\\lockstep-agent.cjs" agent run --state "%ProgramData%\\Lockstep"</arguments>`,
    );
    expect(xml).toMatch(/<onfailure action="restart"/);
  });
  it('the installer registers and removes both', () => {
    expect(nsh).toMatch(
      /customInstall[\s\S]*service\.exe" install[\s\S]*CurrentVersion\\Run" "Lockstep"/,
    );
    expect(nsh).toMatch(/customUnInstall[\s\S]*service\.exe" uninstall[\s\S]*DeleteRegValue/);
  });
});

describe('install scripts and icons', () => {
  it('pass shellcheck', () => {
    const scripts = [
      'packaging/linux/after-install.sh',
      'packaging/linux/after-remove.sh',
      'packaging/macos/pkg-scripts/postinstall',
    ];
    expect(() =>
      execFileSync('shellcheck', ['-s', 'sh', ...scripts.map((s) => path.join(root, s))]),
    ).not.toThrow();
  });
  it('every tray state has a PNG at 1x and 2x, plain and macOS template', () => {
    const icons = readdirSync(path.join(root, 'packaging/icons'));
    for (const state of ['in-sync', 'action-needed', 'suspended', 'offline']) {
      for (const suffix of ['.png', '@2x.png', 'Template.png', 'Template@2x.png'])
        expect(icons).toContain(`tray-${state}${suffix}`);
    }
    const png = readFileSync(path.join(root, 'packaging/icons/tray-in-sync@2x.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
  });
});
