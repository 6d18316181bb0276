// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './eslint.modules.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'scratch/', '.test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Raw HTML bypasses escaping: render text and components instead.',
        },
        {
          // In embedded mode an SQL error inside pool.query() kills PGlite's only connection (stack-style.md §4.3).
          selector: "CallExpression[callee.property.name='query'][callee.object.name=/^(pool|pg)$/]",
          message: 'All SQL goes through Kysely (never pool.query).',
        },
      ],
    },
  },
  ...moduleBoundaries(),
  {
    files: ['public/js/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', HTMLElement: 'readonly', Element: 'readonly' },
    },
  },
  {
    files: ['bin/**/*.js', '*.mjs', 'eslint.config.js', 'eslint.modules.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
