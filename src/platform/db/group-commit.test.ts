import { describe, expect, it } from 'vitest';
import { GroupCommit, type ItemOutcome } from './group-commit.ts';

/** A writer that records each batch it was given, and fails a batch holding a "bad" item, as a constraint would. */
function recordingWriter(options: { slowMs?: number } = {}) {
  const batches: string[][] = [];
  const write = async (items: string[]): Promise<Array<ItemOutcome<string>>> => {
    batches.push(items);
    if (options.slowMs) await new Promise((resolve) => setTimeout(resolve, options.slowMs));
    if (items.includes('bad')) throw new Error('violates a constraint');
    return items.map((item) =>
      item === 'conflict' ? { ok: false, error: new Error('already used') } : { ok: true, value: item.toUpperCase() },
    );
  };
  return { batches, write };
}

describe('group commit (issue 4: submissions written together)', () => {
  it('writes the calls that arrive while a batch is being written in one batch, in order, up to the batch size', async () => {
    const writer = recordingWriter({ slowMs: 20 });
    const commit = new GroupCommit(writer.write, { maxBatch: 3, maxInFlight: 1 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((item) => commit.submit(item)));
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(writer.batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('starts a lone call at once, and never writes more batches at the same time than allowed', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const commit = new GroupCommit(
      async (items: number[]) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return items.map((value) => ({ ok: true as const, value }));
      },
      { maxBatch: 1, maxInFlight: 2 },
    );
    expect(await commit.submit(1)).toBe(1);
    await Promise.all([2, 3, 4, 5, 6].map((n) => commit.submit(n)));
    expect(mostAtOnce).toBe(2);
  });

  it('fails only the bad item of a failed batch: the others are written again one by one and succeed', async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((item) => commit.submit(item)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'A',
      'violates a constraint',
      'C',
    ]);
    expect(writer.batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('rejects an item the batch reports as failed on its own, without writing the batch again', async () => {
    const writer = recordingWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const outcomes = await Promise.allSettled(['a', 'conflict'].map((item) => commit.submit(item)));
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'A' });
    expect(outcomes[1]?.status).toBe('rejected');
    expect(writer.batches).toEqual([['a', 'conflict']]);
  });
});
