export * from './settings';
export * from './key-file';
