import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_CONTRACTS, eventContract, EventSchema } from '@app/domain/schemas';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../../shared/http/api-problem';
import { asyncApiDocument } from './asyncapi-document';
import { EventSchemaListDto } from './event-schemas.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

const schemaPath = (type: string, version: number) => `/events/schemas/${type}/${version}`;

/** The event contracts: static documents generated from the domain's event types (libs/domain/src/schemas). */
@ApiTags('events')
@Allow(...RIGHTS.readContracts)
@Controller('events')
export class EventSchemasHttpController {
  @Get('schemas')
  @ApiOperation({ summary: 'Every event type and version that may be stored, with a link to its JSON Schema (draft-07)' })
  @ApiOkResponse({ type: EventSchemaListDto })
  list(): EventSchemaListDto {
    return {
      items: EVENT_CONTRACTS.map((c) => ({ type: c.type, version: c.version, current: c.current, inFeeds: c.feed, id: c.schema.$id, links: { schema: schemaPath(c.type, c.version) } })),
      asyncapi: '/events/asyncapi.json',
    };
  }

  @Get('schemas/:type/:version')
  @Header('content-type', 'application/schema+json; charset=utf-8')
  @ApiOperation({ summary: 'The JSON Schema of one event type and version: the whole event as the feeds deliver it' })
  @ApiOkResponse({ description: 'application/schema+json' })
  @ApiNotFoundResponse({ description: 'application/problem+json: no such type or version (EVENT_SCHEMA_NOT_FOUND)' })
  one(@Param('type') type: string, @Param('version') version: string): EventSchema {
    const contract = /^[1-9]\d{0,5}$/.test(version) ? eventContract(type, Number(version)) : undefined;
    if (!contract) throw ApiProblem.notFound('EVENT_SCHEMA_NOT_FOUND', `No schema for event type ${JSON.stringify(type)} version ${JSON.stringify(version)}; GET /events/schemas lists them.`);
    return contract.schema;
  }

  @Get('asyncapi.json')
  @ApiOperation({ summary: 'AsyncAPI 3 document of the push feeds: the SSE stream and the signed webhook deliveries' })
  @ApiOkResponse({ description: 'AsyncAPI 3.0.0 (JSON)' })
  asyncapi(@Req() request: FastifyRequest): Record<string, unknown> {
    return asyncApiDocument(EVENT_CONTRACTS, request.headers.host ?? 'localhost:3000');
  }
}
