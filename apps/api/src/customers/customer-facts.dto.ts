import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PHONE_PATTERN } from '../shared/http/party.dto';

/** Facts about a person (education, family, business background, interests, personal life). */
export class IndividualFactsDto {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) education?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) family?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) businessBackground?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) interests?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 1000) personalLife?: string | null;
}

/** A change of contacts: lists are replaced whole; `null` clears address or WeChat. */
export class ContactsPatchDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @Matches(PHONE_PATTERN, { each: true }) phones?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsEmail({}, { each: true }) @MaxLength(254, { each: true }) emails?: string[];
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 500) address?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @Length(1, 100) wechat?: string | null;
}
