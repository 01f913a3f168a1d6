export * from './projection';
export * from './consumer-loop';
export * from './shared-catch-up';
export * from './document-mirror';
export * from './runner';
export * from './projector-lock';
export * from './read-model-reader';
