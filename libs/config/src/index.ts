export * from './app-config';
export * from './key-file';
