export * from './domain-error';
export * from './event';
export * from './decider';
export * from './validation';
export * from './upcast';
export * from './streams';
export * from './deterministic-id';
