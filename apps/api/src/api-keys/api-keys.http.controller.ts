import { Body, Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../security/access.decorators';
import { RIGHTS } from '../security/rights';
import { ApiKeys } from '../security/api-keys';
import { IssueApiKeys } from './issue-api-keys';
import { CommandResponseDto } from '../shared/http/command-response.dto';
import { Ctx, RequestContext } from '../shared/commands/request-context';
import { CommandRoute } from '../shared/http/command-route.decorator';
import { IdPipe } from '../shared/http/id.pipe';
import { ShownOnce } from '../shared/idempotency/shown-once.decorator';
import { ApiKeyListDto, IssueApiKeyResponseDto } from './api-key.response.dto';
import { IssueApiKeyRequestDto } from './issue-api-key.request.dto';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysHttpController {
  constructor(
    private readonly keys: ApiKeys,
    private readonly issuer: IssueApiKeys,
  ) {}

  @CommandRoute('', 201, 'Issue an API key for a service or script, bound to a role, team and optional owner', 'The key is in the answer this once; only a hash of it is recorded.', IssueApiKeyResponseDto)
  @Allow(...RIGHTS.operate)
  @ShownOnce('key')
  issue(@Body() body: IssueApiKeyRequestDto, @Ctx() ctx: RequestContext): Promise<IssueApiKeyResponseDto> {
    return this.issuer.issue(body, ctx);
  }

  @Get()
  @Allow(...RIGHTS.operate)
  @ApiOperation({ summary: 'Every API key ever issued (never the key itself), revoked ones included' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { items: await this.keys.list() };
  }

  @Delete(':keyId')
  @HttpCode(200)
  @Allow(...RIGHTS.operate)
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once on this instance, within 2 seconds on the others' })
  @ApiOkResponse({ type: CommandResponseDto })
  @ApiNotFoundResponse({ description: 'application/problem+json: API_KEY_NOT_FOUND' })
  revoke(@Param('keyId', IdPipe) keyId: string, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.issuer.revoke(keyId, ctx);
  }
}
