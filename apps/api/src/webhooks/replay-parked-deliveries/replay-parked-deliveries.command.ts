import { Command } from '@nestjs/cqrs';
import { ReplayParkedDeliveriesResponseDto } from './replay-parked-deliveries.response.dto';

export class ReplayParkedDeliveriesCommand extends Command<ReplayParkedDeliveriesResponseDto> {
  constructor(readonly webhookId: string) {
    super();
  }
}
