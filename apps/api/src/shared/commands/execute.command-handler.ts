import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { CommandResponseDto } from '../http/command-response.dto';
import { ExecuteCommand } from './execute.command';
import { expectedRevisionOf } from './request-context';

/** Load, decide, append: the handler of every use case that needs nothing more. */
@CommandHandler(ExecuteCommand)
export class ExecuteCommandHandler implements ICommandHandler<ExecuteCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
  ) {}

  async execute({ request, ctx }: ExecuteCommand): Promise<CommandResponseDto> {
    const { id, revision, position } = await this.executor.execute(this.factory.create(request, ctx, expectedRevisionOf(request.options, ctx)));
    return { id, revision, position };
  }
}
