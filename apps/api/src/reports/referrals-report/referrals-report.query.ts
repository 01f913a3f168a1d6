import type { Principal } from '@app/application/principal';
import { Query } from '@nestjs/cqrs';
import { ReferralsReport } from '@app/read-models';

export class ReferralsReportQuery extends Query<ReferralsReport> {
  constructor(readonly caller: Principal) {
    super();
  }
}
