/**
 * Every Windows script parses as PowerShell (tree-sitter-powershell). Running them needs Windows
 * PowerShell 5.1, which is not here; the command plans are tested in test/platform/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { scriptsRoot } from './support/linux-platform.js';

const windowsDir = path.join(scriptsRoot, 'windows');
const files = [
  ...readdirSync(windowsDir).filter((f) => f.endsWith('.ps1')),
  ...readdirSync(path.join(windowsDir, 'lib')).map((f) => `lib/${f}`),
];
const EXPECTED = [
  'account-info',
  'change-password',
  'create-account',
  'disable-account',
  'enable-account',
  'end-sessions',
  'mark-managed',
  'reset-password',
];

function problems(node: Node): string[] {
  const here =
    node.type === 'ERROR' || node.isMissing
      ? [
          `${node.isMissing ? 'MISSING ' : ''}${node.type} at line ${node.startPosition.row + 1}: ${node.text.slice(0, 60)}`,
        ]
      : [];
  return [...here, ...node.children.flatMap((child) => (child ? problems(child) : []))];
}

describe('Windows PowerShell scripts', () => {
  let parser: Parser;

  beforeAll(async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve(
      'tree-sitter-powershell/tree-sitter-powershell.wasm',
    );
    parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
  });

  it('has every script the platform layer runs', () => {
    expect(
      files
        .filter((f) => !f.startsWith('lib/'))
        .map((f) => f.replace(/\.ps1$/, ''))
        .sort(),
    ).toEqual(EXPECTED);
  });

  it('the parser reports broken PowerShell (control)', () => {
    const tree = parser.parse('function f( { if ($x -eq ) }');
    expect(tree && problems(tree.rootNode).length).toBeGreaterThan(0);
  });

  it.each(files)('%s parses without ERROR or MISSING nodes', (file) => {
    const tree = parser.parse(readFileSync(path.join(windowsDir, file), 'utf8'));
    expect(tree).not.toBeNull();
    expect(problems(tree!.rootNode)).toEqual([]);
  });

  it.each(files.filter((f) => !f.startsWith('lib/')))(
    '%s documents its exit codes and reads secrets only from stdin',
    (file) => {
      const text = readFileSync(path.join(windowsDir, file), 'utf8');
      expect(text).toMatch(/^# Exit codes: 0 /m);
      expect(text).not.toMatch(/\$env:\w*(PASS|SECRET)/i);
      expect(text).not.toMatch(/param\([^)]*Password/i);
    },
  );
});
