// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = [
  '@azure/arm-*',
  '@azure/keyvault-*',
  '@azure/identity',
  '@kubernetes/*',
  '@azure/data-tables',
  '@azure/storage-*',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.config.js', '.ci/**', 'bin/**'] },
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
    // The deployable app never reaches the development runtimes.
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/local/**', '**/sandbox/**'], message: 'functions/ must not import dev runtimes' },
            { group: sdkImports, message: 'functions/ reaches SDKs only through src/ ports' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...sdkImports, '@azure/functions', 'durable-functions', 'node:*'], message: 'the domain is pure' },
            { group: ['**/adapters/**', '**/activities/**', '**/local/**', '**/sandbox/**'], message: 'the domain depends on nothing' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/workflow/**/*.ts', 'src/activities/**/*.ts', 'src/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: sdkImports, message: 'only src/adapters import the Azure and Kubernetes SDKs' },
            { group: ['**/local/**', '**/sandbox/**'], message: 'production code never imports dev runtimes' },
          ],
        },
      ],
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
