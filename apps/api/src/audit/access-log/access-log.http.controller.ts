import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { AccessRecordedData } from '@app/domain/access-log';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';
import { ID_PATTERN } from '@app/application/requests/ids';
import { IsNotBefore } from '@app/application/requests/validators';

export class AccessLogRequestDto {
  @ApiPropertyOptional({ description: 'Whose record was looked at (a lead, customer or complaint id)' }) @IsOptional() @Matches(ID_PATTERN) subjectId?: string;
  @ApiPropertyOptional({ description: 'Who looked' }) @IsOptional() @Matches(/^[A-Za-z0-9._:@|-]{1,200}$/) userId?: string;
  @ApiPropertyOptional({ description: 'From (inclusive), ISO time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'To (exclusive), ISO time' }) @IsOptional() @IsISO8601({ strict: true }) @IsNotBefore('from') to?: string;
  // Digits only: `1e9`, `0x10` or ` 5` would convert to a number the API never handed out.
  @ApiPropertyOptional({ description: 'Entries after this log position (the previous page’s nextCursor)' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AccessEntryDto {
  @ApiProperty() position: number;
  @ApiProperty() userId: string;
  @ApiProperty() role: string;
  @ApiProperty() subjectKind: string;
  @ApiProperty() subjectId: string;
  @ApiProperty() route: string;
  @ApiPropertyOptional() purpose?: string;
  @ApiProperty() from: string;
  @ApiProperty() at: string;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessEntryDto] }) items: AccessEntryDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
}

/** The access log straight from the event log, oldest first. */
@ApiTags('audit')
@Allow(...RIGHTS.audit)
@Controller('audit/access')
export class AccessLogHttpController {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @Get()
  @ApiOperation({ summary: 'Who looked at which personal data, when, from where and why (paged)' })
  @ApiOkResponse({ type: AccessLogPageDto })
  async list(@Query() query: AccessLogRequestDto): Promise<AccessLogPageDto> {
    const limit = query.limit ?? 100;
    const items: AccessEntryDto[] = [];
    let after = query.cursor === undefined ? 0 : Number(query.cursor);
    // Read in batches until a page is full: filters are applied while reading, so memory stays bounded.
    for (;;) {
      const batch = await this.events.readAll({ after, types: ['AccessRecorded'], streamPrefix: 'access-', maxCount: 1_000 });
      for (const event of batch) {
        const data = event.data as AccessRecordedData;
        if (query.subjectId !== undefined && data.subjectId !== query.subjectId) continue;
        if (query.userId !== undefined && data.userId !== query.userId) continue;
        if (query.from !== undefined && data.at < new Date(query.from).toISOString()) continue;
        if (query.to !== undefined && data.at >= new Date(query.to).toISOString()) continue;
        items.push({ position: event.position, ...data });
        if (items.length === limit) return { items, nextCursor: event.position };
      }
      if (batch.length < 1_000) return { items, nextCursor: null };
      after = batch[batch.length - 1].position;
    }
  }
}
