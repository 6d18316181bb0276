import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildProcessingWorld,
  buildWorldService,
  cloneRequests,
  submitTestRequest,
} from '../../../test/backoffice-factories.ts';
import { buildOperator } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { type Cell, cellText, protectSmallCounts } from './small-counts.ts';

const texts = (cells: Cell[]) => cells.map((c) => cellText(c));

describe('small counts (T13, P3)', () => {
  it('hides a count below 5 and the figure that would give it away through the totals', () => {
    const table = protectSmallCounts([
      [0, 0, 0, 7],
      [0, 0, 0, 3],
    ]);
    expect(texts(table.cells[1] ?? [])).toEqual(['0', '0', '0', '< 5']);
    // The 3 alone hidden would be 10 − 7: the 7 is hidden beside it, and then the 7's row total.
    expect(texts(table.cells[0] ?? [])).toEqual(['0', '0', '0', 's']);
    expect(texts(table.rowTotals)).toEqual(['s', '< 5']);
    expect(texts(table.columnTotals)).toEqual(['0', '0', '0', '10']);
    expect(cellText(table.total)).toBe('10');
  });

  it('leaves no row or column, totals included, with a single hidden figure', () => {
    const counts = [
      [12, 1, 30, 8],
      [6, 9, 2, 40],
      [3, 20, 15, 11],
      [50, 60, 70, 80],
    ];
    const table = protectSmallCounts(counts);
    const grid = [
      ...table.cells.map((row, i) => [...row, table.rowTotals[i] as Cell]),
      [...table.columnTotals, table.total],
    ];
    const lines = [...grid, ...grid.map((_, j) => grid.map((row) => row[j] as Cell)).slice(0, 5)];
    for (const line of lines) expect(line.filter((c) => c.secrecy !== 'shown').length).not.toBe(1);
    for (const [i, row] of counts.entries())
      for (const [j, value] of row.entries())
        if (value > 0 && value < 5) expect(table.cells[i]?.[j]?.secrecy).toBe('small');
    // What is shown is exact.
    expect(table.cells[3]?.[0]).toEqual({ value: 50, secrecy: 'shown' });
  });

  it('shows zeros and tables with no small count as they are', () => {
    const table = protectSmallCounts([
      [0, 10],
      [5, 0],
    ]);
    expect(table.cells.flat().every((c) => c.secrecy === 'shown')).toBe(true);
    expect(cellText(table.total)).toBe('15');
  });
});

describe('usage statistics pages (T13, P3, P7)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  it('shows a commune its figures protected, exports them, and lets an operator publish them as open data', async () => {
    const world = await buildProcessingWorld(t.services);
    const big = await submitTestRequest(t.services, world);
    await cloneRequests(t.services, big.id, 6);
    const small = await buildWorldService(t.services, world.commune);
    for (let i = 0; i < 3; i++) await submitTestRequest(t.services, { ...world, service: small });

    const agent = await t.signedIn(world.agentA.email, world.agentA.password);
    const page = await agent.get(`/c/${world.commune.slug}/statistiques-usage`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt; 5');
    expect(page.body).toContain('Secret statistique');
    expect(page.body).toMatch(/<td class="numeric">10<\/td>/);
    expect(page.body).not.toMatch(/<td class="numeric">[37]<\/td>/);

    const csv = await agent.get(`/c/${world.commune.slug}/statistiques-usage?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('< 5');
    expect(csv.body).not.toMatch(/;3[;\r\n]|,3[,\r\n]/);
    const ods = await agent.get(`/c/${world.commune.slug}/statistiques-usage?format=ods&annee=2026`);
    expect(ods.headers['content-type']).toContain('opendocument');

    const operator = await buildOperator(t.services);
    const desk = await t.signedIn(operator.email, operator.password);
    const metropolis = await desk.get('/admin/statistiques-usage');
    expect(metropolis.statusCode).toBe(200);
    expect(metropolis.body).toContain(world.commune.name);
    const published = await desk.post('/admin/statistiques-usage/publication', { annee: '2026' });
    expect(published.statusCode).toBe(303);
    const done = await desk.get(published.headers.location as string);
    expect(done.body).toContain('publiés en données ouvertes');
    const slug = /\/donnees\/jeux\/([a-z0-9-]+)/.exec(done.body)?.[1];
    const dataset = await t.client().get(`/donnees/jeux/${slug}`);
    expect(dataset.statusCode).toBe(200);
    expect(dataset.body).toContain('Secret statistique');

    const refused = await desk.post('/admin/statistiques-usage/publication', { annee: '1999' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('cinq dernières années');
  });
});
