// Public payment routes for the widget and the provider: a payment intent for a visit by its
// manage token, server-side confirmation, and the provider's signed webhook. Money is recorded
// only when the provider confirms it, never on the browser's word.

import { z } from "zod";
import {
  confirmVisitIntent,
  createVisitIntent,
  handleWebhook,
} from "../../../services/back-office/online-payments.js";
import { NO_STORE } from "../../command-reply.js";
import { publicRoute } from "../../public/shared.js";
import { created, ok } from "../../responses.js";
import { tokenParam } from "../../schemas/public.js";
import { confirmIntentBody, intentOut, providerParam, tokenIntentParams } from "./schemas.js";

const tags = ["public", "payments"] as const;

/** `POST /v1/manage/:token/payment-intents` */
export const createIntent = publicRoute({
  method: "post",
  path: "/v1/manage/:token/payment-intents",
  operationId: "createPaymentIntent",
  summary: "Start an online prepayment of a visit (what is still due on it)",
  description:
    "Returns what the payment provider's browser SDK needs (`clientSecret`, and `cardForm` when the patient enters the card in the page). The payment is recorded when the provider confirms it (webhook or the confirm route).",
  tags,
  params: tokenParam,
  idempotent: true,
  responses: created("The intent", intentOut, {
    404: "Unknown or expired link, or online payments not set up",
    409: "Nothing left to pay, or the visit was canceled",
  }),
  handler: async ({ params }, ctx) => ({
    status: 201,
    headers: NO_STORE,
    body: await createVisitIntent(ctx, params.token),
  }),
});

/** `POST /v1/manage/:token/payment-intents/:intentId/confirm` */
export const confirmIntent = publicRoute({
  method: "post",
  path: "/v1/manage/:token/payment-intents/:intentId/confirm",
  operationId: "confirmPaymentIntent",
  summary: "Confirm an intent at the provider, or check it after the page's card form",
  description:
    "With `paymentMethod`, or a provider without a card form: the server confirms the intent at the provider. Without one, when the intent's answer had `cardForm`: the page's card form has confirmed it, and the server reads the intent's status from the provider. Either way the payment is recorded only when the provider says it succeeded.",
  tags,
  params: tokenIntentParams,
  body: confirmIntentBody,
  idempotent: true,
  responses: ok("The intent's status", intentOut),
  handler: async ({ params, body }, ctx) => ({
    status: 200,
    headers: NO_STORE,
    body: await confirmVisitIntent(ctx, params.token, params.intentId, body.paymentMethod),
  }),
});

/** `POST /v1/payments/webhooks/:provider` */
export const webhook = publicRoute({
  method: "post",
  path: "/v1/payments/webhooks/:provider",
  operationId: "paymentWebhook",
  summary: "The payment provider's webhook (signature verified; raw body)",
  description:
    "Point the provider at this URL (with `?clinic=<id>` on servers hosting several clinics). Events are idempotent: a payment is recorded once per intent.",
  tags,
  params: providerParam,
  responses: ok(
    "Acknowledged",
    z.object({
      received: z.literal(true),
      intentId: z.string().nullable(),
      status: z.string().nullable(),
    }),
    {
      400: "WEBHOOK_SIGNATURE_INVALID",
    },
  ),
  handler: async ({ params }, ctx) => {
    const rawBody = await ctx.hono.req.text();
    const headers: Record<string, string> = {};
    ctx.hono.req.raw.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: 200, body: await handleWebhook(ctx, params.provider, rawBody, headers) };
  },
});
