import type { FastifyRequest } from 'fastify';
import { AggregateName } from '@app/application/aggregates';

/** The collection in the URL names the aggregate: /leads/… → lead. */
const BY_COLLECTION: Record<string, AggregateName> = { leads: 'lead', customers: 'customer', complaints: 'complaint' };

export const aggregateOfRequest = (request: FastifyRequest): AggregateName => BY_COLLECTION[request.url.split('/')[1]];

export const AUDITED_COLLECTIONS = Object.keys(BY_COLLECTION);
