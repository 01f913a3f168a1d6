import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '../access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../rights';
import { MeResponseDto } from './me.response.dto';

/** The rights a role has, by name: derived from the one table, so a client never keeps a copy of it. */
export const rightsOf = (role: Principal['role']): string[] =>
  Object.entries(RIGHTS)
    .filter(([, roles]) => (roles as readonly string[]).includes(role))
    .map(([right]) => right);

@ApiTags('security')
@Allow(...RIGHTS.readSelf)
@Controller('me')
export class MeHttpController {
  @Get()
  @ApiOperation({ summary: 'Who the caller is: id, role, team, owner id and the rights of the role' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@Caller() caller: Principal): MeResponseDto {
    // A key without an owner acts as api-key:<keyId>; no lead or customer is owned by that.
    const ownerless = caller.via === 'api-key' && caller.id === `api-key:${caller.keyId}`;
    return { id: caller.id, role: caller.role, teamId: caller.team ?? null, ownerId: ownerless ? null : caller.id, via: caller.via, rights: rightsOf(caller.role) };
  }
}
