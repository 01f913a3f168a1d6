export * from './webhook.events';
export * from './webhook.commands';
export * from './webhook.decider';
