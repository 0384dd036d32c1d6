import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default [
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/cdktf.out/**', '**/cdktf.out.offline/**', '**/tmp/**', '.nx/**'],
  },
  ...tseslint.configs.recommended,
  {
    // Executors, bins, Jest configs and tools/: plain Node.js scripts, CommonJS unless they end in .mjs.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Apps may use libs; libs never use apps.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // Infrastructure code imports no runtime code: it only references built bundles as assets.
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:infra'] },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:testing'] },
          ],
        },
      ],
      // The provider package root loads every resource class (~3 s, ~560 MB per process): deep paths only.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@cdktf/provider-aws', message: 'Import a deep path: @cdktf/provider-aws/lib/<resource>.' }],
          patterns: [
            {
              // A gitignore-style group would also match every deep path under lib/: match the barrels exactly.
              regex: '^@cdktf/provider-aws/lib(/index(\\.js)?)?/?$',
              message: 'Import a deep path: @cdktf/provider-aws/lib/<resource>.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  // Formatting belongs to Prettier alone: turn off every stylistic rule it would fight with.
  prettier,
];
