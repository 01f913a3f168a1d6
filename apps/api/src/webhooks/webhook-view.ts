import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DeliveryAttempt, DeliveryCounts, DeliveryDoc, DeliveryStatus, DELIVERY_STATUSES } from './webhook-deliveries';
import { Registration } from './webhook-registrations';

export class DeliveryCountsDto {
  @ApiProperty({ description: 'Queued behind an earlier delivery of the same stream' }) waiting: number;
  @ApiProperty({ description: 'Being attempted (or retried)' }) pending: number;
  @ApiProperty() delivered: number;
  @ApiProperty({ description: 'Retried for WEBHOOK_RETRY_FOR_MS without success: replay with POST /webhooks/{id}/parked/replay' }) parked: number;
  @ApiProperty({ description: 'Dropped because the webhook was removed' }) cancelled: number;
}

export class WebhookViewDto {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String], description: 'Event types delivered; empty: every type the feeds carry' }) types: string[];
  @ApiProperty({ type: [String], description: 'Stream-name prefixes; empty: every stream' }) streams: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'When it was registered (business time)' }) registeredAt: string;
  @ApiProperty({ description: 'Revision of the webhook’s stream' }) revision: number;
  @ApiProperty({ type: DeliveryCountsDto }) deliveries: DeliveryCountsDto;
}

export const toWebhookView = ({ state, revision }: Registration, deliveries: DeliveryCounts): WebhookViewDto => ({
  id: state.webhookId!,
  url: state.url!,
  types: [...state.types],
  streams: [...state.streams],
  description: state.description,
  registeredAt: state.registeredAt!,
  revision,
  deliveries: { ...deliveries },
});

export class DeliveryAttemptDto {
  @ApiProperty({ description: '1 for the first attempt' }) attempt: number;
  @ApiProperty() at: string;
  @ApiProperty() durationMs: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The receiver’s answer; null when there was none' }) statusCode: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it failed; null when delivered' }) error: string | null;
}

export class DeliveryViewDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty() streamId: string;
  @ApiProperty({ description: 'Log position of the event' }) position: number;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the next attempt is due (pending only)' }) nextAttemptAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) parkedAt: string | null;
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'The last 20 attempts, oldest first' }) attemptLog: DeliveryAttempt[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryViewDto] }) items: DeliveryViewDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class ParkedDeliveryViewDto extends DeliveryViewDto {
  @ApiProperty({ description: 'Later deliveries of the same stream held back until this one goes through' }) waitingBehind: number;
}

export class ParkedDeliveryPageDto {
  @ApiProperty({ type: [ParkedDeliveryViewDto], description: 'In log order: the order a replay delivers them in' }) items: ParkedDeliveryViewDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor: string | null;
}

export const toDeliveryView = (d: DeliveryDoc): DeliveryViewDto => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  streamId: d.streamId,
  position: d.position,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  parkedAt: d.parkedAt,
  attemptLog: [...d.attemptLog],
});
