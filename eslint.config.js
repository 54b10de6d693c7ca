// Typed lint. The zones below are the architecture: where code runs is where it lives, and an
// import may only point down the house (README, "What runs where").
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'crypto',
  'http',
  'https',
];

/** Each zone: the folder it is and the zones it may import from (besides itself). */
export const ZONES = {
  shared: { pattern: 'src-shared', may: [] },
  platform: { pattern: 'src-main/platform', may: ['shared'] },
  agent: { pattern: 'src-main/agent', may: ['platform', 'shared'] },
  bridge: { pattern: 'src-main/bridge', may: ['shared'] },
  tray: { pattern: 'src-main/tray', may: ['agent', 'bridge', 'platform', 'shared'] },
  electron: { pattern: 'src-main/electron', may: ['tray', 'shared'] },
  preload: { pattern: 'src-main/preload', may: ['shared'] },
  // The web shell is the tray served to a browser: it checks the page's token as the bridge checks its clients.
  'web-shell': { pattern: 'src-main/web-shell', may: ['tray', 'bridge', 'shared'] },
  renderer: { pattern: 'src-renderer', may: ['shared'] },
  server: { pattern: 'src-server', may: ['shared'] },
  'okta-sim': { pattern: 'src-okta-sim', may: ['shared'] },
  cli: {
    pattern: 'src-cli',
    may: ['shared', 'platform', 'agent', 'bridge', 'tray', 'web-shell', 'server', 'okta-sim'],
  },
};

const ELECTRON_HOMES = ['src-main/electron/**/*.ts', 'src-main/preload/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['src-*/**/*.ts', 'src-*/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { boundaries },
    settings: {
      'import/resolver': {
        typescript: {
          alwaysTryTypes: true,
          project: ['tsconfig.json', 'src-renderer/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        },
      },
      'boundaries/elements': Object.entries(ZONES).map(([type, zone]) => ({
        type,
        pattern: zone.pattern,
      })),
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{from.type}} code may not import {{to.type}} code: imports point down the house (see ZONES in eslint.config.js and "What runs where" in README.md)',
          policies: Object.entries(ZONES).map(([type, zone]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: [type, ...zone.may] } } } },
          })),
        },
      ],
      // Every file of ours belongs to a zone, so a new top-level folder must be placed on purpose.
      'boundaries/no-unknown-files': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src-main/electron/ and src-main/preload/ import electron; put the logic in src-main/tray/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ELECTRON_HOMES,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer and shared code never touch Electron.' },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'src-shared/ and src-renderer/ run without Node.' },
          ],
        },
      ],
    },
  },
);
