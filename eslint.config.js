// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The import rules between layers (domain, ports, adapters, workflow, app, the dev runtimes, where the
// SDKs may be imported) live in .dependency-cruiser.js, checked by the same `npm run lint`.
export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '*.config.js',
      '.dependency-cruiser.js',
      '.ci/**',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      complexity: ['error', 15],
      'max-depth': ['error', 4],
    },
  },
  {
    files: ['src/**/*.ts', 'functions/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      complexity: 'off',
    },
  },
);
