import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { STORE_SETTINGS, StoreSettings } from '@app/config';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook.settings';
import { EventsModule } from '../events/events.module';
import { GetWebhookHttpController } from './get-webhook/get-webhook.http.controller';
import { GetWebhookHandler } from './get-webhook/get-webhook.query-handler';
import { ListParkedDeliveriesHttpController } from './list-parked-deliveries/list-parked-deliveries.http.controller';
import { ListParkedDeliveriesHandler } from './list-parked-deliveries/list-parked-deliveries.query-handler';
import { ListWebhookDeliveriesHttpController } from './list-webhook-deliveries/list-webhook-deliveries.http.controller';
import { ListWebhookDeliveriesHandler } from './list-webhook-deliveries/list-webhook-deliveries.query-handler';
import { ListWebhooksHttpController } from './list-webhooks/list-webhooks.http.controller';
import { ListWebhooksHandler } from './list-webhooks/list-webhooks.query-handler';
import { RegisterWebhookHandler } from './register-webhook/register-webhook.command-handler';
import { RegisterWebhookHttpController } from './register-webhook/register-webhook.http.controller';
import { RemoveWebhookHttpController } from './remove-webhook/remove-webhook.http.controller';
import { ReplayParkedDeliveriesHandler } from './replay-parked-deliveries/replay-parked-deliveries.command-handler';
import { ReplayParkedDeliveriesHttpController } from './replay-parked-deliveries/replay-parked-deliveries.http.controller';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookRegistrations } from './webhook-registrations';
import { WebhookSecretBox } from './webhook-secret-box';
import { WebhookSender } from './webhook-sender';
import { WebhookTargets } from './webhook-targets';

/** Webhooks: registrations (events on `webhook-<id>` streams) and their signed, ordered, retried deliveries. */
@Module({
  imports: [CqrsModule, EventsModule],
  controllers: [
    RegisterWebhookHttpController,
    ListWebhooksHttpController,
    GetWebhookHttpController,
    RemoveWebhookHttpController,
    ListWebhookDeliveriesHttpController,
    ListParkedDeliveriesHttpController,
    ReplayParkedDeliveriesHttpController,
  ],
  providers: [
    { provide: WebhookSecretBox, useFactory: (webhooks: WebhookSettings, stores: StoreSettings) => WebhookSecretBox.fromConfig({ ...webhooks, dataDir: stores.dataDir }), inject: [WEBHOOK_SETTINGS.token, STORE_SETTINGS.token] },
    WebhookRegistrations,
    WebhookDeliveries,
    WebhookTargets,
    WebhookSender,
    WebhookDispatcher,
    RegisterWebhookHandler,
    GetWebhookHandler,
    ListWebhooksHandler,
    ListWebhookDeliveriesHandler,
    ListParkedDeliveriesHandler,
    ReplayParkedDeliveriesHandler,
  ],
})
export class WebhooksModule {}
