import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Services } from '../services.ts';

/**
 * A fact a module publishes for the modules above it ("requests were submitted"). A lower module never imports a
 * higher one: it emits the event, and whoever cares subscribes from its module descriptor. The payload type travels
 * with the event object, so emitter and subscribers cannot disagree on it.
 */
export type DomainEvent<Payload> = {
  readonly name: string;
  /** Never set: carries the payload's type. */
  readonly payload?: Payload;
};

export function defineEvent<Payload>(name: string): DomainEvent<Payload> {
  return { name };
}

/**
 * What a subscriber works with: the emitter's transaction, so whatever it writes or enqueues commits or rolls back
 * with the fact it reacts to.
 */
export type EventContext = { trx: Transaction<DB>; services: Services };

export type EventSubscriber = {
  readonly event: DomainEvent<unknown>;
  readonly handle: (payload: unknown, context: EventContext) => Promise<void>;
};

export function subscribe<Payload>(
  event: DomainEvent<Payload>,
  handle: (payload: Payload, context: EventContext) => Promise<void>,
): EventSubscriber {
  return { event: event as DomainEvent<unknown>, handle: handle as EventSubscriber['handle'] };
}

/** The subscribers of every module, built once per application from the module list. */
export class DomainEvents {
  private readonly byName = new Map<string, EventSubscriber[]>();

  constructor(
    subscribers: readonly EventSubscriber[],
    private readonly services: () => Services,
  ) {
    for (const subscriber of subscribers) {
      const list = this.byName.get(subscriber.event.name) ?? [];
      list.push(subscriber);
      this.byName.set(subscriber.event.name, list);
    }
  }

  /** Runs every subscriber in the caller's transaction, in module order; a subscriber's failure fails the caller. */
  async emit<Payload>(trx: Transaction<DB>, event: DomainEvent<Payload>, payload: Payload): Promise<void> {
    for (const subscriber of this.byName.get(event.name) ?? []) {
      await subscriber.handle(payload, { trx, services: this.services() });
    }
  }

  has(event: DomainEvent<unknown>): boolean {
    return this.byName.has(event.name);
  }
}
