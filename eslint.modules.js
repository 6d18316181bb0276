// @ts-check
// The module boundaries, read from the module list itself (src/modules.ts), so the lint and the application cannot
// disagree on the order. A module may import the index.ts of a module listed before it, and nothing else of another
// module; the platform imports no module. Tests may also use a higher module's index.ts (to set a scene) and the
// application's module list, never another module's internals.
import { readFileSync } from 'node:fs';

/** The module folders in the order of the MODULES array of src/modules.ts. */
export function moduleOrder(source = readFileSync(new URL('./src/modules.ts', import.meta.url), 'utf8')) {
  const folders = new Map(
    [...source.matchAll(/import \{ (\w+) \} from '\.\/modules\/([\w-]+)\/index\.ts';/g)].map((m) => [m[1], m[2]]),
  );
  const list = /export const MODULES = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const order = [...list.matchAll(/\w+/g)].map((m) => folders.get(m[0]));
  if (order.length === 0 || order.some((name) => !name)) throw new Error('src/modules.ts: cannot read the module list');
  return /** @type {string[]} */ (order);
}

const TESTS = '**/*.test.{ts,tsx}';
const APPLICATION = ['**/src/modules.ts', '../../modules.ts', '../../app.ts', '../../main.ts'];

/** @param {string[]} patterns */
const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

/** One config block per module and per module's tests, then the platform's. */
export function moduleBoundaries() {
  const order = moduleOrder();
  /** @param {string} other */
  const publicOnly = (other) => ({
    group: [`**/${other}/**`, `!**/${other}/index.ts`, '!**/test/**'],
    message: `Another module is reached only through its public index.ts: import from '…/${other}/index.ts'.`,
  });
  const blocks = order.flatMap((name, index) => [
    {
      files: [`src/modules/${name}/**/*.{ts,tsx}`],
      ignores: [TESTS],
      rules: restrict([
        ...order.slice(0, index).map(publicOnly),
        ...order.slice(index + 1).map((higher) => ({
          group: [`**/${higher}/**`, '!**/test/**'],
          message: `${higher} comes after ${name} in src/modules.ts: a lower module never imports a higher one (emit a domain event it subscribes to).`,
        })),
        { group: APPLICATION, message: 'A module does not import the application that assembles it.' },
      ]),
    },
    {
      files: [`src/modules/${name}/**/${TESTS}`],
      rules: restrict(order.filter((other) => other !== name).map(publicOnly)),
    },
  ]);
  blocks.push(
    {
      // The application that assembles the modules (CLI, app, demo) uses them as any other module would.
      files: ['src/*.ts', 'src/demo/**/*.{ts,tsx}'],
      rules: restrict([
        {
          group: ['**/modules/*/**', '!**/modules/*/index.ts'],
          message: 'A module is reached only through its public index.ts.',
        },
      ]),
    },
    {
      files: ['src/platform/**/*.{ts,tsx}'],
      ignores: [TESTS],
      rules: restrict([
        { group: ['**/modules/**'], message: 'The platform imports no module: modules build on the platform.' },
        {
          group: ['**/modules.ts', '**/app.ts', '**/main.ts'],
          allowTypeImports: true,
          message: 'The platform does not import the application that assembles it (its types excepted).',
        },
      ]),
    },
    {
      files: [`src/platform/**/${TESTS}`],
      rules: restrict([
        {
          group: ['**/modules/**', '!**/modules/*/index.ts'],
          message: 'A test reaches a module only through its public index.ts.',
        },
      ]),
    },
  );
  return blocks;
}
