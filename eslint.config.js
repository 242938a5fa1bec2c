// One lint setup for the whole repo. The import-boundary rules below encode the dependency
// direction of DESIGN §1: a package may only import the packages to its left.
//   schema <- fields <- formula, query <- acl <- client <- runtime <- builder
//   schema, fields, formula, query, acl <- server
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const internal = ['schema', 'fields', 'formula', 'query', 'acl', 'client', 'server', 'runtime', 'builder'];

/** Packages each workspace member may import (besides itself). */
const allowed = {
  schema: [],
  fields: ['schema'],
  formula: ['schema', 'fields'],
  query: ['schema', 'fields'],
  acl: ['schema', 'fields', 'formula', 'query'],
  client: ['schema', 'fields', 'formula', 'query', 'acl'],
  runtime: ['schema', 'fields', 'formula', 'query', 'acl', 'client'],
  builder: ['schema', 'fields', 'formula', 'query', 'acl', 'client', 'runtime'],
  server: ['schema', 'fields', 'formula', 'query', 'acl'],
};

/** Pure packages stay free of UI, HTTP, database drivers and Node built-ins (STYLE: layers that cannot leak). */
const impureForPackages = [
  'react',
  'react-dom',
  'express',
  'pg',
  '@electric-sql/pglite',
  'node:*',
  'fs',
  'path',
  'crypto',
  'os',
  'child_process',
];

const dirOf = (name) => (['server', 'runtime', 'builder'].includes(name) ? name : `packages/${name}`);

const boundaryConfigs = Object.entries(allowed).map(([name, deps]) => {
  const forbidden = internal.filter((other) => other !== name && !deps.includes(other));
  const isPure = dirOf(name).startsWith('packages/');
  return {
    files: [`${dirOf(name)}/**/*.{ts,tsx}`],
    // Tests and build scripts run in Node and may reach further.
    ignores: [`${dirOf(name)}/test/**`, `${dirOf(name)}/scripts/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((other) => ({
              group: [`@tangram/${other}`, `@tangram/${other}/*`],
              message: `${name} must not import ${other}: see the dependency direction in DESIGN §1.`,
            })),
            ...(isPure
              ? [
                  {
                    group: impureForPackages,
                    message: `packages/${name} is pure: no UI, HTTP, database or Node built-ins.`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
});

/**
 * Inside the server, records are the kernel other features build on (decision 0023): features such
 * as the workflow register hooks on the write pipeline, so server/src/records never imports them.
 * (Repeats the server's package boundary: a later `no-restricted-imports` replaces an earlier one.)
 */
const serverBoundary = boundaryConfigs.find((c) => c.files[0].startsWith('server/'));
const recordsImportNoFeature = {
  files: ['server/src/records/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...serverBoundary.rules['no-restricted-imports'][1].patterns,
          {
            group: ['**/workflow', '**/workflow/**'],
            message:
              'records must not import the workflow: register record hooks in createApp (decision 0023).',
          },
        ],
      },
    ],
  },
};

/**
 * The read door (decision 0023): SQL over live form records is built only in the records kernel
 * (server/src/records/kernel) and the record store (server/src/storage); every other module reads
 * through `openReader` / `openSystemReader`, so a row scope or a field mask cannot be forgotten.
 * Two marks of a hand-written read are refused elsewhere: the live-records condition
 * (`deleted_at` in a string or template) and a form table's physical name (`quoteIdent(x.table)`).
 */
const readDoorMessage =
  'Read live records through the records kernel (openReader / openSystemReader in server/src/records/kernel/reader.ts) or the record store, not hand-written SQL (decision 0023).';
const onlyThroughTheDoors = {
  files: ['server/src/**/*.ts'],
  ignores: ['server/src/storage/**', 'server/src/records/kernel/**', 'server/src/db/migrations/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: 'Literal[value=/deleted_at/]', message: readDoorMessage },
      { selector: 'TemplateElement[value.raw=/deleted_at/]', message: readDoorMessage },
      {
        selector: "CallExpression[callee.name='quoteIdent'][arguments.0.property.name='table']",
        message: readDoorMessage,
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      'data/**',
      'test-artifacts/**',
      '**/.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaryConfigs,
  recordsImportNoFeature,
  onlyThroughTheDoors,
);
