import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { feedFilter } from '../feed-event';
import { resumePosition } from '../feed-position';
import { EventStreams } from './event-streams.service';
import { StreamEventsRequestDto } from './stream-events.request.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';
import { seesPersonalDataMasked } from '../../security/masking';
import { AuthenticatedRequest } from '../../security/access.decorators';
import { AccessLog } from '../../audit/access-log/access-log';
import { AccessRule } from '../../audit/access-log/access-rule';

/** A stream is an export: it needs a stated purpose, and each connection (also a resumption) is one recorded look. */
const STREAM_ACCESS: AccessRule = { subjectKind: 'events', purposeRequired: true };

@ApiTags('events')
@Allow(...RIGHTS.readFeeds)
@Controller('events')
export class StreamEventsHttpController {
  constructor(
    private readonly streams: EventStreams,
    private readonly accessLog: AccessLog,
  ) {}

  @Get('stream')
  @ApiOperation({
    summary: 'The push feed as Server-Sent Events: the log from a position on, then live',
    description:
      'Each event is one frame: `id:` its log position, `event:` its type, `data:` the event as JSON (the same as the pull feed). ' +
      'Comment lines (`: heartbeat`) come every SSE_HEARTBEAT_MS. Reconnect with `Last-Event-ID` to resume with no gap and no repeat; ' +
      'the server ends the stream of a client that reads too slowly, and the client resumes the same way. Described in /events/asyncapi.json.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this position (the id of the last event received)' })
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'Why you subscribe (recorded in the access log, GET /audit/access, before the first event is sent)' })
  @ApiResponse({ status: 200, description: 'text/event-stream' })
  @ApiBadRequestResponse({ description: 'application/problem+json: `errors` lists the offending parameters' })
  async stream(@Query() params: StreamEventsRequestDto, @Headers('last-event-id') lastEventId: string | undefined, @Ctx() ctx: RequestContext, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const after = resumePosition(lastEventId, params.after);
    await this.streams.checkCursor(after);
    const purpose = this.accessLog.purposeOf(request, STREAM_ACCESS);
    // No record, no data: a failure here is still an ordinary problem+json answer.
    await this.accessLog.record(request, STREAM_ACCESS, purpose);
    // From here on the response is a stream written by EventStreams, not a Nest/fastify reply.
    reply.hijack();
    this.streams.serve(reply.raw, { after, filter: feedFilter(params.types, params.streams), reader: { actor: ctx.actor, masked: seesPersonalDataMasked(ctx.principal) } });
  }
}
