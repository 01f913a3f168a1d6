import { EventStoreDbEventStore, toUuid } from './eventstoredb-event-store';

describe('EventStoreDB adapter without a server', () => {
  it('can be created from a connection string without connecting', async () => {
    const store = EventStoreDbEventStore.fromConnectionString('esdb://localhost:2113?tls=false');
    await store.close();
  });

  it('keeps UUID event ids and maps any other id to a stable UUID', () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(toUuid(uuid.toUpperCase())).toBe(uuid);
    const derived = toUuid('order-42/event-1');
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toUuid('order-42/event-1')).toBe(derived);
    expect(toUuid('order-42/event-2')).not.toBe(derived);
  });
});
