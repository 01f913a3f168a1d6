import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CUSTOMER_CLASSES, CustomerClass } from '@app/domain/customer';
import { ID_PATTERN } from '@app/application/requests/ids';
import { PagedQueryRequestDto } from '../../read-models/query-request.dto';

export const CUSTOMER_SORTS = ['registeredAt', '-registeredAt', 'receivables.outstanding', '-receivables.outstanding', 'trading.lastOrderAt', '-trading.lastOrderAt'] as const;

export class ListCustomersRequestDto extends PagedQueryRequestDto {
  @ApiPropertyOptional({ enum: CUSTOMER_CLASSES }) @IsOptional() @IsIn(CUSTOMER_CLASSES) class?: CustomerClass;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) ownerId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) teamId?: string;
  @ApiPropertyOptional({ description: 'Part of a name (case-insensitive), or an exact phone number or e-mail address (matched by keyed hash)' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: '-registeredAt' }) @IsOptional() @IsIn(CUSTOMER_SORTS) sort?: (typeof CUSTOMER_SORTS)[number];
}
