// ESLint: type-aware typescript-eslint rules, no import cycles, and the layer directions of
// docs/ARCHITECTURE (web → server → domain/planning; db used by server and cli only; contracts are types).
import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * What each folder of src/ may import from the other folders of src/ (relative imports).
 * `values`: imports of any kind; `types`: type-only imports (`import type`, erased at build time).
 * Imports inside a folder are always allowed; imports that leave src/ (test/, data/) are not policed here.
 */
const layers = {
  // Pure rules: no I/O, nothing from the other layers.
  domain: { values: [], types: [] },
  // Pure planning; it builds on the domain's rules (calendar, recurrence).
  planning: { values: ['domain'], types: [] },
  // Kysely types, migrations, connection: no server, web, cli, domain (ARCHITECTURE: "no imports from server/ or web/").
  db: { values: ['config.ts'], types: [] },
  // The API's types, derived from the server's route schemas: types only, so nothing reaches the browser bundle.
  contracts: { values: [], types: ['server', 'domain', 'planning'] },
  server: { values: ['domain', 'planning', 'db', 'contracts', 'config.ts'], types: [] },
  cli: { values: ['server', 'db', 'domain', 'planning', 'contracts', 'config.ts'], types: [] },
  // The browser apps: their own code and the API contracts (type-only).
  web: { values: [], types: ['contracts'] },
};

/**
 * Files allowed one explicit value import across a layer boundary, with the reason.
 * Keep this list short: every entry is shared code that must behave the same in the browser and on the server.
 */
const explicitExceptions = [
  {
    // The station app orders its offline queue exactly as the server does: one pure function, no I/O.
    file: 'src/web/station/offline/dayReducer.ts',
    layer: 'web',
    values: ['domain/queue\\.ts'],
  },
];

const escape = (name) => name.replace(/\./g, '\\.');
const alternatives = (names) => names.map((n) => (n.endsWith('\\.ts') ? n : `${escape(n)}(?:/|$)`)).join('|');

function layerBlocks() {
  const blocks = [];
  for (const [layer, allowed] of Object.entries(layers)) {
    for (let depth = 0; depth <= 5; depth++) {
      const files = [`src/${layer}/${'*/'.repeat(depth)}*.{ts,tsx}`];
      blocks.push({
        files,
        rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictions(layer, allowed, depth)] },
      });
      // Tests may read fixtures from disk; the layer directions still hold for them.
      blocks.push({
        files: [`src/${layer}/${'*/'.repeat(depth)}*.test.{ts,tsx}`],
        rules: {
          '@typescript-eslint/no-restricted-imports': ['error', restrictions(layer, allowed, depth, true)],
        },
      });
      for (const exception of explicitExceptions.filter(
        (e) => e.layer === layer && e.file.split('/').length - 3 === depth,
      )) {
        blocks.push({
          files: [exception.file],
          rules: {
            '@typescript-eslint/no-restricted-imports': [
              'error',
              restrictions(layer, { ...allowed, values: [...allowed.values, ...exception.values] }, depth),
            ],
          },
        });
      }
    }
  }
  return blocks;
}

/** Options for @typescript-eslint/no-restricted-imports for a file `depth` folders below src/<layer>/. */
function restrictions(layer, { values, types }, depth, forTests = false) {
  // Leaving the layer's folder takes depth + 1 `../`; a further `../` leaves src/ (test/, data/): not policed.
  const up = `^(?:\\.\\./){${depth + 1}}`;
  const patterns = [
    {
      regex: `${up}(?!${[alternatives([...values, ...types]), '\\.\\./'].filter(Boolean).join('|')})`,
      message: `Layer direction (ARCHITECTURE.md): src/${layer}/ may import ${describe(values, types)}.`,
    },
  ];
  if (types.length > 0)
    patterns.push({
      regex: `${up}(?:${alternatives(types)})`,
      allowTypeImports: true,
      message: `Layer direction (ARCHITECTURE.md): src/${layer}/ imports ${types.join(', ')} type-only (\`import type\`).`,
    });
  const packages =
    layer === 'web' ? webPackages : layer === 'domain' || layer === 'planning' ? purePackages : [];
  return { patterns: [...patterns, ...(forTests ? [] : packages)] };
}

function describe(values, types) {
  const parts = [];
  if (values.length) parts.push(values.join(', '));
  if (types.length) parts.push(`${types.join(', ')} type-only`);
  return parts.length ? `only from itself and ${parts.join('; ')}` : 'nothing from the other layers';
}

// No database, HTTP server or file system in pure code; none of it in the browser either.
const serverPackages = [
  '^pg$',
  '^kysely',
  '^fastify',
  '^@fastify/',
  '^@electric-sql/',
  '^nodemailer',
  '^typebox',
];
const purePackages = [
  {
    regex: `(?:${serverPackages.filter((p) => p !== '^typebox').join('|')}|^node:(?:fs|net|http|https|child_process))`,
    message: 'domain/ and planning/ are pure: no database, HTTP or file I/O.',
  },
];
const webPackages = [
  {
    regex: `(?:${serverPackages.join('|')}|^node:)`,
    message: 'web/ runs in the browser: no server packages (types come from src/contracts/).',
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'var/', 'coverage/', 'data/', 'bench/results/', 'scripts/*.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // React event handlers may be async (`onSubmit={submit}`); their promises are handled inside.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Fastify plugins and routes are async functions by convention, awaited or not; interfaces
      // (the offline queue's stores) are async even where one implementation is synchronous.
      '@typescript-eslint/require-await': 'off',
      // Our hooks and contexts return closures declared as interface methods (`signOut(): Promise<void>`);
      // none uses `this`, and the rule cannot tell them from class methods.
      '@typescript-eslint/unbound-method': 'off',
      // Off for now: its 32 findings (mostly casts on JSON columns) sit in files the parallel branches are
      // editing. Turn it on and run `eslint --fix` once they are merged.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read response bodies as parsed JSON (`any`) and check them with expect(); typing every body
    // would add casts, not safety.
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  ...layerBlocks(),
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The station app's service worker (plain JavaScript, served as is).
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      globals: {
        self: 'readonly',
        caches: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
      },
    },
  },
);
