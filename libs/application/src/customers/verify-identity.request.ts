import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IDENTITY_VERIFICATION_METHODS, IdentityVerificationMethod } from '@app/domain/customer';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class VerifyIdentityRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) verificationId: string;
  @ApiProperty({ enum: IDENTITY_VERIFICATION_METHODS }) @IsIn(IDENTITY_VERIFICATION_METHODS) method: IdentityVerificationMethod;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) documentType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) documentNumber?: string;
  @ApiProperty({ example: '2026-11-20' }) @IsISO8601({ strict: true }) verifiedOn: string;
  @ApiPropertyOptional({ description: 'When the identity must be checked again; default: one year after verifiedOn' }) @IsOptional() @IsISO8601({ strict: true }) reverifyBy?: string;
}

/** The request as the `VerifyIdentity` command. */
export const verifyIdentity = requestMapping(VerifyIdentityRequestDto, {
  aggregate: 'customer',
  type: 'VerifyIdentity',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, verificationId: body.verificationId, method: body.method, documentType: body.documentType, documentNumber: body.documentNumber, verifiedOn: body.verifiedOn, reverifyBy: body.reverifyBy }),
});
