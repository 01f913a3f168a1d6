import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@app/application/principal';
import { RIGHTS } from '../rights';

export class MeResponseDto {
  @ApiProperty({ description: 'The caller as recorded as actor in events: the user id, the API key’s owner, or api-key:<keyId>' }) id: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The owner id the caller’s own leads and customers carry; null for an API key without an owner' }) ownerId: string | null;
  @ApiProperty({ enum: ['jwt', 'api-key'] }) via: string;
  @ApiProperty({ enum: Object.keys(RIGHTS), isArray: true, description: 'The kinds of route the role may call (the rights table): what a client such as the dashboard offers' })
  rights: string[];
}
