export * from './demo-history';
export { Prng, seedOf } from './prng';
