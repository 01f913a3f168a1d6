export * from './complaint.constants';
export * from './complaint.events';
export * from './complaint.commands';
export * from './complaint.decider';
