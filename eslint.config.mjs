import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/cdktf.out/**', '**/tmp/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
];
