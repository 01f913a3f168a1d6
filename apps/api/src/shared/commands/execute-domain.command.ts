import { Command as CqrsCommand } from '@nestjs/cqrs';
import { CommandResponseDto } from '../http/command-response.dto';
import { AggregateName } from './aggregates';
import { RequestContext } from './request-context';

/** Fields every command body may carry besides its own data (see CommandRequestDto). */
export interface CommandOptions {
  readonly occurredAt?: string;
  readonly expectedRevision?: number;
}

/**
 * The generic write command: run a domain command against one aggregate. Most use cases need no
 * handler of their own; the body minus `occurredAt`/`expectedRevision` is the command's data.
 */
export class ExecuteDomainCommand<B extends CommandOptions & object = CommandOptions> extends CqrsCommand<CommandResponseDto> {
  constructor(
    readonly aggregate: AggregateName,
    readonly id: string,
    readonly type: string,
    readonly body: B,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
