export * from './document-store.port';
export { validateFilter, validateFindOptions, validateCollectionName, validateFieldPath, encodeCursor, decodeCursor } from './filter';
export type { Clause, CursorPosition } from './filter';
export { READ_STORE_PRAGMAS, SqliteDocumentStore } from './embedded/sqlite-document-store';
export type { SqliteDocumentStoreOptions } from './embedded/sqlite-document-store';
export { MongoDocumentStore } from './mongodb/mongo-document-store';
export { createDocumentStore, SQLITE_READ_MODELS_FILE } from './create-document-store';
export type { DocumentStoreConfig } from './create-document-store';
