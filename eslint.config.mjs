// Lint rules that catch mistakes; layout is Prettier's job (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-vsix/', 'node_modules/', '.vscode-host/', 'test/fixtures/', 'test/host/workspace/', 'test/host/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are matched on purpose: they are what file names, alt text and headers must not carry.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The host suite times the plain require() of the bundle, as VS Code loads it.
  { files: ['test/host/suite/**/*.ts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Scripts that run in a web page: the review panel, and what the host tests evaluate in the browser.
  { files: ['media/**/*.js', 'test/host/e2e/**/*.js'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
);
