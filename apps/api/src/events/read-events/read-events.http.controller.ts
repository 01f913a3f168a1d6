import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { feedFilter } from '../feed-event';
import { ReadEventsQuery } from './read-events.query';
import { ReadEventsRequestDto } from './read-events.request.dto';
import { EventPageDto } from './read-events.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';
import { seesPersonalDataMasked } from '../../security/masking';
import { RecordsAccess } from '../../audit/access-log/records-access.decorator';

@ApiTags('events')
@Allow(...RIGHTS.readFeeds)
@Controller('events')
export class ReadEventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @RecordsAccess({ subjectKind: 'events', purposeRequired: true })
  @Get()
  @ApiOperation({
    summary: 'The pull feed: events in global log order, upcast to their latest version, filtered by type and stream prefix',
    description: 'Continue with `after=<nextAfter>`; the feed is read to the end when `nextAfter` equals `headPosition`. Each event matches its schema at /events/schemas/{type}/{version}.',
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiBadRequestResponse({ description: 'application/problem+json: `errors` lists the offending parameters' })
  read(@Query() params: ReadEventsRequestDto, @Ctx() ctx: RequestContext): Promise<EventPageDto> {
    return this.queries.execute(new ReadEventsQuery(params.after ?? 0, feedFilter(params.types, params.streams), params.limit ?? 100, { actor: ctx.actor, masked: seesPersonalDataMasked(ctx.principal) }));
  }
}
