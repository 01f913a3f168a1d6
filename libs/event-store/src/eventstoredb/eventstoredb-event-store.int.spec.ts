import { eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const url = process.env.EVENTSTORE_URL;
// Without a server this suite must show up as skipped (with the reason), never as passed.
const d = url ? describe : describe.skip;

d(url ? 'EventStoreDB adapter' : 'EventStoreDB adapter (skipped: EVENTSTORE_URL not set)', () => {
  eventStoreContract('EventStoreDB adapter', async () => {
    const store = EventStoreDbEventStore.fromConnectionString(url ?? '');
    return { store, cleanup: () => store.close() };
  });
});
