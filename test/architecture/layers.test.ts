import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The layer rules in eslint.config.js, run on code that is not in the repository: the import-direction
// rules need no type information, so the type-aware part is switched off for these snippets.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.fatal)
    .map((m) => m.message);
}

// The first lint loads the configuration and the plugins: seconds on a busy machine.
describe('layer directions (eslint.config.js)', { timeout: 60_000 }, () => {
  it('rejects db importing the server', async () => {
    const errors = await layerErrors(
      'src/db/wrongImport.ts',
      "import { buildApp } from '../server/app.ts';\nexport const app = buildApp;",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'../server/app.ts' import is restricted");
    expect(errors[0]).toContain('Layer direction');
  });

  it('accepts db importing its own modules', async () => {
    expect(
      await layerErrors(
        'src/db/rightImport.ts',
        "import type { Database } from './schema.ts';\nexport type D = Database;",
      ),
    ).toEqual([]);
  });

  it('rejects the domain importing planning, db or server, at any depth', async () => {
    expect(
      await layerErrors(
        'src/domain/x.ts',
        "import { solve } from '../planning/solve.ts';\nexport const s = solve;",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/domain/deep/er/x.ts',
        "import type { D } from '../../../db/schema.ts';\nexport type X = D;",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors('src/domain/x.ts', "import { Kysely } from 'kysely';\nexport const k = Kysely;"),
    ).toHaveLength(1);
  });

  it('lets planning build on the domain', async () => {
    expect(
      await layerErrors(
        'src/planning/x.ts',
        "import { expandRule } from '../domain/recurrence.ts';\nexport const e = expandRule;",
      ),
    ).toEqual([]);
  });

  it('lets the web apps import contracts type-only, and nothing else from the server side', async () => {
    expect(
      await layerErrors(
        'src/web/planning/x.ts',
        "import type { Scenario } from '../../contracts/planning.ts';\nexport type S = Scenario;",
      ),
    ).toEqual([]);
    expect(
      await layerErrors(
        'src/web/planning/x.ts',
        "import { Scenario } from '../../contracts/planning.ts';\nexport const s = Scenario;",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/web/planning/x.ts',
        "import type { X } from '../../server/commands/planning/scenarioTypes.ts';\nexport type Y = X;",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src/web/x.ts',
        "import { DEFAULT_MODES } from '../planning/access.ts';\nexport const m = DEFAULT_MODES;",
      ),
    ).toHaveLength(1);
    // src/web/planning/ is the planner app inside web/, not the planning layer.
    expect(
      await layerErrors(
        'src/web/pages/x.ts',
        "import { planningApi } from '../planning/api.ts';\nexport const p = planningApi;",
      ),
    ).toEqual([]);
  });

  it('allows the one declared exception: the offline day reducer orders its queue with domain/queue.ts', async () => {
    const code = "import { orderQueue } from '../../../domain/queue.ts';\nexport const o = orderQueue;";
    expect(await layerErrors('src/web/station/offline/dayReducer.ts', code)).toEqual([]);
    expect(await layerErrors('src/web/station/offline/elsewhere.ts', code)).toHaveLength(1);
  });
});
