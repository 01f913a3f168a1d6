import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ErasePersonalDataHandler } from './erase-personal-data/erase-personal-data.command-handler';
import { ErasePersonalDataHttpController } from './erase-personal-data/erase-personal-data.http.controller';
import { PersonalDataScrubber } from './personal-data-scrubber';
import { StorePersonalDataScrubber } from './store-personal-data-scrubber';

/** Data subjects: erasure of their personal data. */
@Module({
  imports: [CqrsModule],
  controllers: [ErasePersonalDataHttpController],
  providers: [ErasePersonalDataHandler, { provide: PersonalDataScrubber, useClass: StorePersonalDataScrubber }],
})
export class SubjectsModule {}
