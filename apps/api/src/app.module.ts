import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Adapters } from './adapters';
import { AuditModule } from './audit/audit.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { AppConfig } from '@app/config';
import { CustomersModule } from './customers/customers.module';
import { HealthHttpController } from './health/health.http.controller';
import { InfrastructureModule } from './infrastructure.module';
import { LeadsModule } from './leads/leads.module';
import { Clock } from './shared/commands/clock';
import { ExecuteDomainCommandHandler } from './shared/commands/execute-domain.command-handler';
import { IdempotencyInterceptor } from './shared/idempotency/idempotency.interceptor';
import { APP_INTERCEPTOR } from '@nestjs/core';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, adapters: Adapters, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), InfrastructureModule.forRoot(config, adapters, clock), LeadsModule, CustomersModule, ComplaintsModule, AuditModule],
      controllers: [HealthHttpController],
      providers: [ExecuteDomainCommandHandler, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
    };
  }
}
