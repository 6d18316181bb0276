/** What one item of a batch came to: its result, or the error that concerns it alone. */
export type ItemOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

export type GroupCommitOptions = {
  /** Items written together at most (one statement's parameters grow with it). */
  maxBatch: number;
  /** Batches written at the same time: 1 for the embedded database (one connection); a few for PostgreSQL. */
  maxInFlight: number;
};

type Waiting<I, O> = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };

/**
 * Group commit: calls that arrive while a batch is being written wait and are written together by the next one, in
 * one transaction. A busy service then pays a few round trips per batch instead of per call; a quiet one waits for
 * nothing (a lone call starts at once, on the next turn of the event loop). A batch that fails as a whole is written
 * again item by item, so one bad item fails alone and the others are stored as if they had come one at a time.
 */
export class GroupCommit<I, O> {
  private readonly waiting: Array<Waiting<I, O>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly writeBatch: (items: I[]) => Promise<Array<ItemOutcome<O>>>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    // setImmediate, not a microtask: calls whose HTTP bodies were read in the same turn join the same batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight++;
    this.schedule();
    try {
      await this.write(batch);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async write(batch: Array<Waiting<I, O>>): Promise<void> {
    let outcomes: Array<ItemOutcome<O>>;
    try {
      outcomes = await this.writeBatch(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // Which item broke the transaction is unknown: each is written again on its own.
      for (const waiting of batch) await this.write([waiting]);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (!outcome) waiting.reject(new Error('group commit: no outcome for an item of the batch'));
      else if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}
