import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PHONE_PATTERN } from './party.dto';

/** Facts about a person (education, family, business background, interests, personal life). */
export class IndividualFactsDto {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) education?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) family?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) businessBackground?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) interests?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) personalLife?: string | null;
}

/** Facts as a registration records them: a `null` there means not known, the same as leaving it out. */
export const knownFacts = <F extends object>(facts: F | undefined): { [K in keyof F]?: Exclude<F[K], null> } | undefined =>
  facts && (Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined)) as { [K in keyof F]?: Exclude<F[K], null> });

/** A change of contacts: lists are replaced whole; `null` clears address or WeChat. */
export class ContactsPatchDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @Matches(PHONE_PATTERN, { each: true }) phones?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsEmail({}, { each: true }) @MaxLength(254, { each: true }) emails?: string[];
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 500) address?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 100) wechat?: string | null;
}
