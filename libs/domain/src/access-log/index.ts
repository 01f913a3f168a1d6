export * from './access-log.events';
