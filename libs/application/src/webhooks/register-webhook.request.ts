import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsWebhookUrl } from './webhook-url';
import { EventTypesField, StreamPrefixesField } from '../requests/feed-filter.request.dto';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class RegisterWebhookRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id; default: a new UUID' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'id must be 1-64 letters, digits, _ or -' })
  id?: string;

  @ApiProperty({
    description:
      'Where deliveries are POSTed: an http or https URL without credentials. Internal targets (loopback, private, link-local, carrier-grade NAT, multicast, cloud metadata) are refused unless WEBHOOK_ALLOWED_TARGETS names them',
    example: 'https://crm.example.com/hooks/leads',
  })
  @IsString()
  @MaxLength(2000)
  @IsWebhookUrl()
  url: string;

  @EventTypesField('Event types to deliver; default: every type the feeds carry', [String])
  types?: string[];

  @StreamPrefixesField('Stream-name prefixes, any of which may match (`lead-`, `customer-42`); default: every stream', [String])
  streams?: string[];

  @ApiPropertyOptional({ example: 'CRM sync' }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

/** The registration as the `RegisterWebhook` command; the signing secret, sealed, comes from the API (`path.encryptedSecret`). */
export const registerWebhook = requestMapping(RegisterWebhookRequestDto, {
  aggregate: 'webhook',
  type: 'RegisterWebhook',
  notFromBody: ['webhookId', 'encryptedSecret'],
  data: (webhookId, body, made) => ({ webhookId, url: body.url, types: body.types, streams: body.streams, description: body.description, encryptedSecret: made.encryptedSecret }),
});
