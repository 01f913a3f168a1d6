import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateBy, ValidationOptions } from 'class-validator';
import { CONSENT_PURPOSES, ConsentPurpose } from '@app/domain/lead';
import { CommandRequestDto } from '../requests/command-request.dto';

const isPurposeList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length > 0 &&
  new Set(value).size === value.length &&
  value.every((purpose) => (CONSENT_PURPOSES as readonly unknown[]).includes(purpose));

/** `"all"`, or a non-empty list of distinct consent purposes. */
const IsPurposesToWithdraw = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPurposesToWithdraw',
      validator: {
        validate: (value: unknown) => value === 'all' || isPurposeList(value),
        defaultMessage: () => `purposes must be "all" or a non-empty list of distinct purposes among ${CONSENT_PURPOSES.join(', ')}`,
      },
    },
    options,
  );

export class WithdrawLeadConsentRequestDto extends CommandRequestDto {
  @ApiProperty({
    description: 'The purposes withdrawn, or "all" the lead still consents to',
    oneOf: [{ type: 'string', enum: ['all'] }, { type: 'array', items: { type: 'string', enum: [...CONSENT_PURPOSES] }, minItems: 1, uniqueItems: true }],
    example: ['marketing'],
  })
  @IsPurposesToWithdraw()
  purposes: ConsentPurpose[] | 'all';

  @ApiPropertyOptional({ description: 'How the withdrawal reached us', example: 'Asked by phone not to be contacted again' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

/** The request as the `WithdrawLeadConsent` command. */
export const withdrawLeadConsent = requestMapping(WithdrawLeadConsentRequestDto, {
  aggregate: 'lead',
  type: 'WithdrawLeadConsent',
  notFromBody: ['leadId'],
  data: (leadId, body) => ({ leadId, purposes: body.purposes, note: body.note }),
});
