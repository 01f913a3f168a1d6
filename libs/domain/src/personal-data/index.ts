export * from './personal-data.catalog';
export * from './personal-data';
export * from './personal-data.events';
export * from './subject.commands';
export * from './subject.decider';
