import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHistory } from '@app/demo';
import { RecordedEvent, streamName } from '@app/domain/shared';
import { createEventStore, PersonalDataEventStore } from '@app/event-store';
import { applyOnce, Projection, ProjectionRunner, ReadModelDoc, ReadModelReader } from '@app/projection-engine';
import { IN_MEMORY_PROJECTIONS, PipelineDoc, pipelineProjection, PROJECTIONS } from '@app/read-models';
import { createDocumentStore, DocumentStore } from '@app/read-store';
import { BenchContext } from './context';

export interface ReadSide {
  readonly events: PersonalDataEventStore;
  readonly docs: DocumentStore;
  readonly runner: ProjectionRunner;
  readonly readModels: ReadModelReader;
  close(): Promise<void>;
}

/** The API's read side over a data folder: the runner (caught up to the log's head) and the reader the API's query handlers read through. */
export const openReadSide = async (
  ctx: BenchContext,
  dataDir: string,
  projections: readonly Projection[] = PROJECTIONS,
  options: { readonly embeddedLog?: boolean } = {},
): Promise<ReadSide> => {
  const events = await createEventStore({ eventStoreUrl: options.embeddedLog ? undefined : ctx.eventStoreUrl, dataDir });
  const docs = await createDocumentStore({ mongodbUrl: ctx.mongodbUrl, dataDir });
  // As the API runs it (infrastructure.module.ts): the pipeline is also kept in memory.
  const runner = new ProjectionRunner(events, docs, projections, { inMemory: IN_MEMORY_PROJECTIONS });
  await runner.start();
  const head = await events.headPosition();
  if (!(await runner.waitFor(runner.projections, head, 3_600_000))) throw new Error('the read models did not catch up');
  // Live (idle at the head) also means the in-memory copies are loaded, as in an API that has settled;
  // a read model cached by an older version is rebuilt (and kept for later runs) before anything is measured.
  while (!(await runner.status()).every((s) => s.state === 'live' && s.rebuild === null)) await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    events,
    docs,
    runner,
    readModels: new ReadModelReader(docs, runner),
    close: async () => {
      await runner.stop();
      await docs.close();
      await events.close();
    },
  };
};

/**
 * Whether BENCH_DIR holds the embedded pipeline of `leads` leads, made by today's pipeline projection
 * (made by another version, the runner would rebuild it from the empty log, so it is made again).
 */
export const hasCachedPipeline = (ctx: BenchContext, leads: number): boolean => {
  const marker = join(ctx.dir, `pipeline-s${ctx.seed}-l${leads}`, 'pipeline.json');
  return !ctx.mongodbUrl && existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).version === pipelineProjection.version;
};

/**
 * A read store whose pipeline holds the leads of a seeded history of `leads` leads, without writing
 * the events to a log: the events the real deciders returned for each planned command are folded
 * by the pipeline projection itself (applyOnce), then the documents are committed in batches
 * under the pipeline's checkpoint. Cached in BENCH_DIR (embedded read store).
 */
export const pipelineDataDir = async (ctx: BenchContext, leads: number): Promise<string> => {
  const dataDir = join(ctx.dir, `pipeline-s${ctx.seed}-l${leads}`);
  if (hasCachedPipeline(ctx, leads)) return dataDir;
  const building = `${dataDir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  ctx.log(`generating the pipeline of ${leads.toLocaleString('en-US')} leads (seed ${ctx.seed})`);
  const started = Date.now();
  const pipeline = new Map<string, PipelineDoc>();
  const types = new Set(pipelineProjection.eventTypes);
  let position = 0;
  for (const planned of generateHistory({ seed: ctx.seed, leads, start: '2023-01-01', end: '2026-01-01' })) {
    const stream = streamName(planned.aggregate, planned.id);
    for (const event of planned.events) {
      position++;
      if (!types.has(event.type)) continue;
      const recorded = { ...event, streamId: stream, revision: 0, position, metadata: {} } as RecordedEvent;
      for (const id of pipelineProjection.keys(recorded)) {
        const next = applyOnce(pipelineProjection, pipeline.get(id) ?? null, recorded, id);
        if (next) pipeline.set(id, next);
        else pipeline.delete(id);
      }
    }
  }
  // The runner's own bookkeeping (active generation 1) comes from starting it on the empty log.
  const side = await openReadSide(ctx, building, [pipelineProjection], { embeddedLog: true });
  const collection = side.runner.collectionOf(pipelineProjection);
  await side.runner.stop();
  const all = [...pipeline.values()];
  for (let i = 0; i < all.length; i += 2_000) {
    const writes = all.slice(i, i + 2_000).map((doc) => ({ collection, id: doc._id, doc: doc as ReadModelDoc }));
    await side.docs.commit(collection, i + 1, writes);
  }
  await side.close();
  writeFileSync(join(building, 'pipeline.json'), JSON.stringify({ leads: all.length, events: position, version: pipelineProjection.version }));
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
  ctx.log(`pipeline: ${all.length.toLocaleString('en-US')} leads from ${position.toLocaleString('en-US')} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dataDir;
};
