import { ApiProperty } from '@nestjs/swagger';

export class ReplayParkedDeliveriesResponseDto {
  @ApiProperty({ description: 'Parked deliveries queued again, each with a fresh retry window' }) requeued: number;
}
