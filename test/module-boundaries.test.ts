import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.ts';
// @ts-expect-error: a plain JavaScript module of the lint configuration, without types.
import { moduleOrder } from '../eslint.modules.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Lints a file as if it stood at `file` in the tree, and returns the boundary messages. The probe is no file of the
 * TypeScript project, so the rules that need its types are left out.
 */
async function boundaryFindings(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('the module floor plan (issue 12)', () => {
  it('reads one module list: the lint, the application and the folders agree on it', async () => {
    const names = MODULES.map((m) => m.name);
    expect(moduleOrder()).toEqual(names);
    const folders = readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect([...folders].sort()).toEqual([...names].sort());
    // The ordered list written down in the architecture document is the same one.
    const doc = await readFile(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
    const listed = /<!-- module-order -->\n([\s\S]*?)\n<!-- \/module-order -->/.exec(doc)?.[1] ?? '';
    expect([...listed.matchAll(/^\d+\. `(\w+)`/gm)].map((m) => m[1])).toEqual(names);
  });

  it('fails the lint on an import into another module’s internals, or from a higher module, or into the platform', async () => {
    const names = MODULES.map((m) => m.name);
    const [lower, middle, higher] = [names[0], names[Math.floor(names.length / 2)], names[names.length - 1]];
    const file = `src/modules/${middle}/probe.ts`;
    expect(await boundaryFindings(file, `export { x } from '../${lower}/index.ts';\n`)).toEqual([]);
    expect(await boundaryFindings(file, `export { x } from '../${lower}/internal.ts';\n`)).toHaveLength(1);
    expect(await boundaryFindings(file, `export { x } from '../${higher}/index.ts';\n`)).toHaveLength(1);
    expect(
      await boundaryFindings('src/platform/probe.ts', `export { x } from '../modules/${lower}/index.ts';\n`),
    ).toHaveLength(1);
    expect(
      await boundaryFindings('src/main-probe.ts', `export { x } from './modules/${lower}/internal.ts';\n`),
    ).toHaveLength(1);
  }, 60_000);
});
