export * from './lead.constants';
export * from './man';
export * from './lead.events';
export * from './lead.commands';
export * from './lead.decider';
export * from './lead.upcasters';
