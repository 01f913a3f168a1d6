import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Fastify from 'fastify';
import { openRawLog, RAW_INSERT } from '../lib/raw-sqlite';

/**
 * The HTTP baseline: a bare fastify route that stores the same payload as our activity command with
 * one raw INSERT (autocommit: one transaction per request) into an event log of the same schema and
 * pragmas. No authentication, no validation, no load, no decision, no Nest: the floor of "HTTP in,
 * durable row out".
 */
const main = async (): Promise<void> => {
  const db = await openRawLog(join(process.env.DATA_DIR!, 'events.sqlite3'));
  const insert = db.prepare(RAW_INSERT);
  const revisions = new Map<string, number>();
  const app = Fastify({ logger: false });
  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/leads/:id/activities', async (req, reply) => {
    const stream = `lead-${req.params.id}`;
    const revision = (revisions.get(stream) ?? -1) + 1;
    const now = new Date().toISOString();
    const metadata = { eventId: randomUUID(), occurredAt: now, recordedAt: now, actor: 'bench', correlationId: randomUUID(), causationId: null };
    const { lastInsertRowid } = insert.run(metadata.eventId, stream, revision, 'LeadActivityLogged', 1, JSON.stringify({ leadId: req.params.id, ...req.body, at: now }), JSON.stringify(metadata));
    revisions.set(stream, revision);
    reply.code(201);
    return { id: req.params.id, revision, position: Number(lastInsertRowid) };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`bare baseline listening on ${url}\n`);
  process.once('SIGTERM', () => void app.close().then(() => (db.close(), process.exit(0))));
};

void main();
