import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../shared/http/id.pipe';
import { ReplayParkedDeliveriesCommand } from './replay-parked-deliveries.command';
import { ReplayParkedDeliveriesResponseDto } from './replay-parked-deliveries.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class ReplayParkedDeliveriesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/parked/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Queue a webhook’s parked deliveries again (in log order, each stream’s later events after them)' })
  @ApiOkResponse({ type: ReplayParkedDeliveriesResponseDto })
  @ApiNotFoundResponse({ description: 'application/problem+json: WEBHOOK_NOT_FOUND' })
  replay(@Param('id', IdPipe) id: string): Promise<ReplayParkedDeliveriesResponseDto> {
    return this.commands.execute(new ReplayParkedDeliveriesCommand(id));
  }
}
