import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const vscodeImportRule = [
  'error',
  {
    paths: [
      {
        name: 'vscode',
        message:
          'Only src/vscode/ may import vscode: the core (src/eci, src/template, src/logs, src/exec, src/emulator, src/cli.ts) must run in plain Node.',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': vscodeImportRule,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // The VS Code layer is the one place that talks to the editor API.
    files: ['src/vscode/**/*.ts', 'test/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // extension.ts is wiring only: it may name VS Code types but not use the API itself.
    files: ['src/extension.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              allowTypeImports: true,
              message: 'extension.ts is wiring only; put VS Code code in src/vscode/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Programs that print to a terminal by design.
    files: ['src/cli.ts', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Scripts of webview pages run in the browser, with the webview's own API.
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } },
  },
);
