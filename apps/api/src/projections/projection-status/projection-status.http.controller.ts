import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionRunner, ProjectionStatus } from '@app/projection-engine';
import { ProjectionStatusDto } from './projection-status.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('projections')
@Allow(...RIGHTS.operate)
@Controller('projections')
export class ProjectionStatusHttpController {
  constructor(private readonly runner: ProjectionRunner) {}

  @Get()
  @ApiOperation({ summary: 'Status of every read model: checkpoint, lag behind the log, throughput, last error, rebuild in progress' })
  @ApiOkResponse({ type: [ProjectionStatusDto] })
  status(): Promise<ProjectionStatus[]> {
    return this.runner.status();
  }
}
