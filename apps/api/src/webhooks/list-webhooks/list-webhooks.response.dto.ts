import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WebhookViewDto } from '../webhook-view';

export class DispatcherStatusDto {
  @ApiProperty({ enum: ['starting', 'catching_up', 'live', 'retrying', 'failed', 'stopped'], description: 'The loop that queues deliveries from the log' }) state: string;
  @ApiProperty({ description: 'Log position up to which deliveries are queued' }) checkpoint: number;
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'The last error of the loop (it retries with backoff)' }) lastError: { message: string; at: string } | null;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookViewDto], description: 'In the order they were registered' }) items: WebhookViewDto[];
  @ApiProperty({ type: DispatcherStatusDto }) dispatcher: DispatcherStatusDto;
}
