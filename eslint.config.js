// Lint rules for the whole workspace. The `no-restricted-imports` blocks below enforce the
// dependency direction of DESIGN.md: metadata <- engines <- runtime <- server, and
// metadata <- engines <- designer <- studio. A forbidden import fails `pnpm lint`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const databaseDrivers = ['pg', 'pg-*', '@electric-sql/*', 'kysely', 'kysely-*', 'pg-boss', 'postgres'];
const serverPackages = ['fastify', '@fastify/*', '@pipewright/server', '@pipewright/server/*'];

/** Relative paths that climb out of a package into a sibling package it must not use. */
const siblingPaths = (...names) => names.flatMap((n) => [`**/packages/${n}`, `**/packages/${n}/**`, `**/apps/${n}`, `**/apps/${n}/**`, `../${n}/**`, `../../${n}/**`]);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'data/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['packages/metadata/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@pipewright/*', ...siblingPaths('engines', 'runtime', 'designer', 'templates', 'server', 'studio')], message: 'metadata depends on nothing else in the workspace.' },
          { group: [...databaseDrivers, ...serverPackages], message: 'metadata is plain schemas and validators: no database or HTTP.' },
        ],
      }],
    },
  },
  {
    files: ['packages/engines/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@pipewright/runtime', '@pipewright/runtime/*', '@pipewright/designer', '@pipewright/designer/*', '@pipewright/studio', '@pipewright/studio/*', ...siblingPaths('runtime', 'designer', 'server', 'studio')], message: 'engines are pure: they must not import runtime, designer, server or studio.' },
          { group: databaseDrivers, message: 'engines must not import a database driver; return effects as data.' },
          { group: serverPackages, message: 'engines must not import fastify or the server.' },
          { group: ['react', 'react-dom', 'react/*'], message: 'engines know nothing of React.' },
          { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'], message: 'engines are isomorphic: no Node-only imports.' },
        ],
      }],
    },
  },
  {
    files: ['packages/designer/**/*.ts', 'packages/designer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@pipewright/runtime', '@pipewright/runtime/*', ...siblingPaths('runtime', 'server')], message: 'designer must not import runtime or server.' },
          { group: [...databaseDrivers, ...serverPackages], message: 'designer runs in the browser: no database or HTTP server.' },
        ],
      }],
    },
  },
  {
    files: ['packages/templates/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@pipewright/engines', '@pipewright/runtime', '@pipewright/designer', '@pipewright/server', '@pipewright/studio', ...siblingPaths('engines', 'runtime', 'designer', 'server', 'studio')], message: 'templates depend on metadata only.' },
        ],
      }],
    },
  },
  {
    files: ['packages/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@pipewright/designer', '@pipewright/studio', '@pipewright/server', ...siblingPaths('designer', 'server', 'studio')], message: 'runtime must not import designer, studio or server.' },
          { group: serverPackages, message: 'runtime has no HTTP layer; that is apps/server.' },
        ],
      }],
    },
  },
  {
    files: ['apps/studio/**/*.ts', 'apps/studio/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...new Set(['@pipewright/runtime', ...siblingPaths('runtime', 'server'), ...databaseDrivers, ...serverPackages])], message: 'the studio talks to the server over HTTP only.' },
        ],
      }],
    },
  },
);
