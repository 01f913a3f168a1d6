export * from './sqlite-failure';
