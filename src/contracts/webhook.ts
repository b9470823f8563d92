// The webhook API's types, derived from the route schemas. Type-only: imported with `import type` by the web app.
import type { Static } from 'typebox';
import type {
  CreatedWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookDto,
  WebhookListDto,
} from '../server/routes/staff/webhookRoutes.ts';

/** `GET /api/v1/staff/webhooks` */
export type WebhookList = Static<typeof WebhookListDto>;
/** An item of the list; `PATCH /api/v1/staff/webhooks/{webhookId}` */
export type Webhook = Static<typeof WebhookDto>;
export type CaseEventTypeName = Webhook['eventTypes'][number];
/** `POST /api/v1/staff/webhooks`: the webhook and its secret, shown once. */
export type CreatedWebhook = Static<typeof CreatedWebhookDto>;
/** `GET /api/v1/staff/webhooks/deliveries` */
export type WebhookDeliveryList = Static<typeof WebhookDeliveryListDto>;
/** `POST /api/v1/staff/webhooks/deliveries/{deliveryId}/redeliver` */
export type WebhookDelivery = Static<typeof WebhookDeliveryDto>;
