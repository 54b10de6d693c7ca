/**
 * Recording stand-ins for macOS tools, so the macOS scripts run on Linux: each stub appends
 * {tool, argv, stdinLines} to calls.jsonl (how many stdin lines it got, never their content) and
 * answers from the first matching rule (tool + argv prefix), else exits 0 silently.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const MACOS_TOOLS = [
  'dscl',
  'sysadminctl',
  'pwpolicy',
  'security',
  'launchctl',
  'osascript',
  'fdesetup',
  'createhomedir',
  'pkill',
  'pgrep',
  'ps',
];
/** Only these take data on stdin; the others must not swallow the script's stdin. */
const READS_STDIN = ['osascript'];

export interface StubRule {
  tool: string;
  args: string[];
  stdout?: string;
  stderr?: string;
  exit?: number;
}

export interface StubCall {
  tool: string;
  argv: string[];
  stdinLines: number | null;
}

const STUB_SOURCE = `
const fs = require('node:fs');
const path = require('node:path');
const dir = path.dirname(process.argv[1]);
const tool = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
let stdinLines = null;
if (${JSON.stringify(READS_STDIN)}.includes(tool)) {
  const text = fs.readFileSync(0, 'utf8');
  stdinLines = text === '' ? 0 : text.replace(/\\n$/, '').split('\\n').length;
}
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify({ tool, argv, stdinLines }) + '\\n');
const rules = JSON.parse(fs.readFileSync(path.join(dir, 'rules.json'), 'utf8'));
const rule = rules.find((r) => r.tool === tool && r.args.every((a, i) => argv[i] === a));
if (rule) {
  if (rule.stdout) process.stdout.write(rule.stdout);
  if (rule.stderr) process.stderr.write(rule.stderr);
  process.exitCode = rule.exit ?? 0;
}
`;

export class RecordingStubs {
  readonly dir: string;
  /** Stand-in for "/" in the scripts' state paths (LOCKSTEP_TEST_ROOT). */
  readonly root: string;

  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'lockstep-stubs-'));
    this.root = mkdtempSync(path.join(tmpdir(), 'lockstep-root-'));
    // change-password runs as a non-root uid and must be able to log its calls.
    chmodSync(this.dir, 0o777);
    for (const tool of MACOS_TOOLS) {
      const file = path.join(this.dir, tool);
      writeFileSync(file, `#!${process.execPath}\n${STUB_SOURCE}`);
      chmodSync(file, 0o755);
    }
    this.setRules([]);
  }

  /** Stubs first, then the system tools the scripts also use (awk, sed, grep…). */
  get path(): string {
    return `${this.dir}:/usr/bin:/bin`;
  }

  setRules(rules: StubRule[]): void {
    writeFileSync(path.join(this.dir, 'rules.json'), JSON.stringify(rules));
    writeFileSync(path.join(this.dir, 'calls.jsonl'), '');
    chmodSync(path.join(this.dir, 'calls.jsonl'), 0o666);
  }

  calls(): StubCall[] {
    return readFileSync(path.join(this.dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as StubCall);
  }

  /** Everything any stub saw, to search for secrets. */
  rawLog(): string {
    return readFileSync(path.join(this.dir, 'calls.jsonl'), 'utf8');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.root, { recursive: true, force: true });
  }
}
