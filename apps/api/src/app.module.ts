import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from './api-config';
import { Adapters } from './adapters';
import { AuditModule } from './audit/audit.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { CustomersModule } from './customers/customers.module';
import { EventsModule } from './events/events.module';
import { HealthHttpController } from './health/health.http.controller';
import { InfrastructureModule } from './infrastructure.module';
import { LeadsModule } from './leads/leads.module';
import { PoliciesModule } from './policies/policies.module';
import { ProjectionsModule } from './projections/projections.module';
import { FreshnessInterceptor } from './read-models/freshness.interceptor';
import { ReportsModule } from './reports/reports.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { SubjectsModule } from './subjects/subjects.module';
import { SecurityModule } from './security/security.module';
import { RateLimitModule } from './shared/http/rate-limit';
import { Clock } from '@app/application/clock';
import { ExecuteCommandHandler } from './shared/commands/execute.command-handler';
import { IdempotencyInterceptor } from './shared/idempotency/idempotency.interceptor';
import { Observability } from './observability/observability';
import { ObservabilityModule } from './observability/observability.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, adapters: Adapters, observability: Observability, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config, adapters, observability, clock),
        ObservabilityModule.forRoot(observability),
        // First among the modules: its guard (authentication, then roles) runs before any other guard.
        SecurityModule,
        // Right after it: the rate limit counts per authenticated caller.
        RateLimitModule.forRoot(config),
        LeadsModule,
        CustomersModule,
        ComplaintsModule,
        AuditModule,
        ReportsModule,
        ProjectionsModule,
        PoliciesModule,
        EventsModule,
        WebhooksModule,
        SubjectsModule,
      ],
      controllers: [HealthHttpController],
      providers: [
        ExecuteCommandHandler,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: FreshnessInterceptor },
      ],
    };
  }
}
