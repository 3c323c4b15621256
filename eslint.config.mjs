// typescript-eslint with type information: lost promises are the typical bug in stream code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'src/rpc/generated/',
      'examples/**/*.js',
      'examples/python-worker/',
      'examples/go-worker/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/register/**/*.ts', 'src/gateway/**/*.ts', 'src/worker/**/*.ts'],
    rules: {
      // The three roles share only rpc/ and the leaf modules, so any one can be rewritten in another language.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../register/*', '../gateway/*', '../worker/*', '../index'],
              message: 'roles must not import each other',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/api/**/*.ts'],
    rules: {
      // The API (shared by workers, GatewayClient, the Gateway's and the Register's unary services)
      // rides on the worker's Gateway links and on nothing else of a role.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../register/*',
                '../gateway/*',
                '../worker/*',
                '!../worker/gateway-link',
                '!../worker/gateway-links',
                '../index',
              ],
              message: 'the API uses only the Gateway links of the roles',
            },
          ],
        },
      ],
    },
  },
);
