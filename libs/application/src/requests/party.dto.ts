import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CONSENT_PURPOSES, REFERRER_KINDS } from '@app/domain/lead';
import { ID_PATTERN } from './ids';

/** Shapes shared by leads and customers: who the party is and how to reach them. */

export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{3,29}$/;
export const MAX_AMOUNT = 1e12;

export class ContactsDto {
  @ApiPropertyOptional({ type: [String], example: ['+86 138 0013 8000'] })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(PHONE_PATTERN, { each: true, message: 'each phone must be digits, spaces, ()- and an optional leading +' })
  phones: string[] = [];

  @ApiPropertyOptional({ type: [String], example: ['li.wei@example.com'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  emails: string[] = [];

  @IsOptional() @IsString() @Length(1, 500) address?: string;
  @IsOptional() @IsString() @Length(1, 100) wechat?: string;
}

export class OrganisationFactsDto {
  @IsOptional() @IsString() @Length(1, 200) legalName?: string;
  @IsOptional() @IsString() @Length(1, 100) region?: string;
  @IsOptional() @IsString() @Length(1, 100) industry?: string;
  @IsOptional() @IsString() @Length(1, 500) mainBusiness?: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000) headcount?: number;
  @IsOptional() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 200, { each: true }) branches?: string[];
  @IsOptional() @IsString() @Length(1, 200) parentBody?: string;
  @IsOptional() @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 200, { each: true }) partners?: string[];
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) annualSpend?: number;
  @IsOptional() @IsString() @Length(1, 100) headName?: string;
  @IsOptional() @Matches(PHONE_PATTERN) headPhone?: string;
  @IsOptional() @IsString() @Length(1, 1000) mainNeeds?: string;
}

export class ReferrerDto {
  @IsIn(REFERRER_KINDS) kind: (typeof REFERRER_KINDS)[number];
  @Matches(ID_PATTERN, { message: 'id must be 1-64 letters, digits, _ or -' }) id: string;
}

export class ConsentDto {
  @ApiPropertyOptional({ description: 'Purposes the person agreed to (DOMAIN: told the purpose, used only for it)', type: [String], enum: CONSENT_PURPOSES })
  @IsArray()
  @ArrayMaxSize(CONSENT_PURPOSES.length)
  @ArrayUnique()
  @IsIn(CONSENT_PURPOSES, { each: true })
  purposes: (typeof CONSENT_PURPOSES)[number][];
}

/** Nested-object validation in one line: the class to validate against. */
export const Nested = (type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator => {
  const decorators = [ValidateNested({ each: options.each }), Type(type), ...(options.each ? [IsArray()] : [IsObject()])];
  return (target, key) => decorators.forEach((d) => d(target, key));
};
