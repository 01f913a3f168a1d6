export * from './customer.constants';
export * from './customer.events';
export * from './customer.commands';
export * from './customer.decider';
export * from './credit';
