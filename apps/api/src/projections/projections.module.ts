import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionStatusHttpController } from './projection-status/projection-status.http.controller';
import { RebuildProjectionHttpController } from './rebuild-projection/rebuild-projection.http.controller';

@Module({
  imports: [CqrsModule],
  controllers: [
    ProjectionStatusHttpController,
    RebuildProjectionHttpController,
  ],
  providers: [],
})
export class ProjectionsModule {}
