import { Command as CqrsCommand } from '@nestjs/cqrs';
import { AggregateName } from '@app/application/aggregates';
import { CommandRequest } from '@app/application/command-request';
import { CommandResponseDto } from '../http/command-response.dto';
import { RequestContext } from './request-context';

/** A use case's command, typed by its aggregate (see each use case's request mapping), with the request it came in. */
export class ExecuteCommand<A extends AggregateName = AggregateName> extends CqrsCommand<CommandResponseDto> {
  constructor(
    readonly request: CommandRequest<A>,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
