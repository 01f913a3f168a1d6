import { Controller, HttpCode, Logger, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionRunner, ProjectionStatus } from '@app/projection-engine';
import { ApiProblem } from '../../shared/http/api-problem';
import { ProjectionStatusDto } from '../projection-status/projection-status.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('projections')
@Allow(...RIGHTS.operate)
@Controller('projections')
export class RebuildProjectionHttpController {
  private readonly logger = new Logger('Projections');

  constructor(private readonly runner: ProjectionRunner) {}

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a read model from the start of the log, beside the live one, then swap it in (no downtime)',
    description: 'Answers at once; follow the rebuild in GET /projections (`rebuild`, then a new `generation`).',
  })
  @ApiAcceptedResponse({ type: ProjectionStatusDto })
  @ApiNotFoundResponse({ description: 'No such projection' })
  @ApiConflictResponse({ description: 'A rebuild of it is already running' })
  async rebuild(@Param('name') name: string): Promise<ProjectionStatus | undefined> {
    const projection = this.runner.projectionNamed(name);
    if (!projection) throw ApiProblem.notFound('PROJECTION_NOT_FOUND', `No projection named ${name}; see GET /projections`);
    if (this.runner.isRebuilding(projection)) throw ApiProblem.conflict('REBUILD_IN_PROGRESS', `${name} is already being rebuilt`);
    // Answered at once: the outcome shows in GET /projections (a new generation, or lastRebuild with the error), and a failure is logged.
    this.runner.rebuild(projection).catch((error: Error) => this.logger.error(`rebuild of ${name} failed: ${error.message}`, error.stack));
    return (await this.runner.status()).find((s) => s.name === name);
  }
}
