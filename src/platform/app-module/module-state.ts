import type { Services } from '../services.ts';

/**
 * Something a module keeps for the life of an application (a cache, a batching queue, its OpenID provider): declared
 * once by the module, listed in its descriptor, built when the services are built and closed with them. Two
 * applications in one process (tests build many) never share it.
 */
export type ModuleState<T> = {
  readonly name: string;
  // Methods, so that a descriptor's list can hold states of different types.
  create(services: Services): T | Promise<T>;
  close?(value: T): void | Promise<void>;
};

export function moduleState<T>(
  name: string,
  create: (services: Services) => T | Promise<T>,
  close?: (value: T) => void | Promise<void>,
): ModuleState<T> {
  return { name, create, close };
}

/** The built states of one application, read through their declarations. */
export class ModuleStates {
  private readonly values = new Map<ModuleState<unknown>, unknown>();

  set<T>(state: ModuleState<T>, value: T): void {
    this.values.set(state as ModuleState<unknown>, value);
  }

  get<T>(state: ModuleState<T>): T {
    if (!this.values.has(state as ModuleState<unknown>)) {
      throw new Error(`module state ${state.name} is not listed in its module's descriptor`);
    }
    return this.values.get(state as ModuleState<unknown>) as T;
  }

  async closeAll(): Promise<void> {
    for (const [state, value] of [...this.values].reverse()) await state.close?.(value);
    this.values.clear();
  }
}
