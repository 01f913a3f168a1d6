import { DomainEvent } from './event';

/**
 * Events are immutable, so a changed event shape gets a new version and the old shape is
 * upcast on read: each step lifts `type`@`fromVersion` to `fromVersion + 1`.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

export type UpcastFn = <E extends DomainEvent>(event: E) => E;

export const createUpcast = (upcasters: readonly Upcaster[]): UpcastFn => {
  const steps = new Map(upcasters.map((u) => [`${u.type}@${u.fromVersion}`, u] as const));
  return <E extends DomainEvent>(event: E): E => {
    let current: DomainEvent = event;
    for (let step = steps.get(`${current.type}@${current.version}`); step; step = steps.get(`${current.type}@${current.version}`)) {
      current = { ...current, version: current.version + 1, data: step.upcast(current.data) };
    }
    return current as E;
  };
};
