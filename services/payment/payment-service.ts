/**
 * The payment (billing) service: the Connect PaymentService (charge "in progress" + status
 * stream, accounts, deposits) and the Kafka side of the saga (OrderCreated → PaymentProcessed,
 * UserRegistered → account). Outcomes leave through the outbox in the settling transaction.
 */
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { tracedHandlers } from "@concordkit/runtime/kafka";
import { paymentProcessedMessage } from "../../generated/asyncapi/channels/billing-payments.js";
import { billingServiceConsumerGroups, startBillingServiceConsumer } from "../../generated/asyncapi/billing-service/consumer.js";
import { billingServiceTopics } from "../../generated/asyncapi/billing-service/topics.js";
import { PaymentStatus } from "../../generated/proto/payment/v1/payment_pb.js";
import { mountPaymentService, type PaymentServiceHandler } from "../../generated/proto/payment/v1/payment_service_server.js";
import { enqueue, startMessaging } from "../shared/messaging/messaging.js";
import { serveInnerRpc } from "../shared/rpc.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { Billing } from "./billing.js";
import {
  BalanceLimit,
  createPaymentSchema,
  CurrencyMismatch,
  deposit,
  ensureAccount,
  findAccount,
  type Payment,
  type PaymentState,
} from "./store.js";

const statusOf: Record<PaymentState, PaymentStatus> = {
  IN_PROGRESS: PaymentStatus.IN_PROGRESS,
  PAID: PaymentStatus.PAID,
  INSUFFICIENT_FUNDS: PaymentStatus.INSUFFICIENT_FUNDS,
  FAILED: PaymentStatus.FAILED,
};

export function startPaymentService(options: ContextOptions): Promise<RunningService> {
  return runService("payment", options, start);
}

async function start(context: ServiceContext) {
  const { db, config, kafka } = context;
  await createPaymentSchema(db);
  const messaging = await startMessaging(context);
  const billing = new Billing(db, async (tx, payment) => {
    if (config.orderFlow === "sync") return; // request/response all the way: the order service watches the payment
    await enqueue(tx, paymentProcessedMessage, paymentProcessed(payment), { correlationId: payment.requestId });
    setImmediate(() => messaging.outbox.wake());
  });
  await billing.settleLeftovers();

  const consumer = await startBillingServiceConsumer(
    kafka,
    tracedHandlers({
      async onOrderCreated({ payload, messageId }) {
        await messaging.handleOnce(messageId, async (tx) => {
          await billing.chargeNow(tx, {
            orderId: payload.orderId,
            username: payload.username,
            amount: payload.totalCost,
            currency: payload.currency,
            requestId: payload.requestId,
          });
        });
      },
      async onUserRegistered({ payload, messageId }) {
        await messaging.handleOnce(messageId, (tx) => ensureAccount(tx, payload.username, config.currency));
      },
    }),
    messaging.consumerOptions(),
  );
  await messaging.joined(consumer, { groups: billingServiceConsumerGroups, topics: billingServiceTopics });

  const server = await serveInnerRpc(context, (router, options) => mountPaymentService(router, handler(context, billing), options));
  return {
    ports: { api: server.port },
    async stop() {
      await server.close();
      await consumer.stop();
      await messaging.stop();
    },
  };
}

function handler(context: ServiceContext, billing: Billing): PaymentServiceHandler {
  const { db, config } = context;
  return {
    async charge(request, ctx) {
      if (!request.total || request.total.amount <= 0n) throw new ConnectError("total must be positive", Code.InvalidArgument);
      const payment = await billing.charge({
        orderId: Number(request.orderId),
        username: request.username,
        amount: Number(request.total.amount),
        currency: request.total.currency,
        requestId: `order-${request.orderId}`,
        idempotencyKey: idempotencyKey(ctx),
      });
      return { paymentId: payment.paymentId, status: statusOf[payment.status] };
    },
    async *watchPayment(request, ctx) {
      let seen = false;
      for await (const payment of billing.watch(request.paymentId, ctx.signal)) {
        seen = true;
        yield {
          paymentId: payment.paymentId,
          orderId: BigInt(payment.orderId),
          status: statusOf[payment.status],
          message: payment.message,
          occurredAt: timestampFromMs(payment.processedAt),
        };
      }
      if (!seen) throw new ConnectError(`no payment ${request.paymentId}`, Code.NotFound);
    },
    async createAccount(request) {
      const currency = request.currency || config.currency;
      const account = await db.transaction(async (tx) => {
        await ensureAccount(tx, request.username, currency);
        return (await findAccount(tx, request.username))!;
      });
      return { username: account.username, balance: { amount: BigInt(account.balance), currency: account.currency } };
    },
    async deposit(request, ctx) {
      if (!request.amount || request.amount.amount <= 0n) throw new ConnectError("amount must be positive", Code.InvalidArgument);
      try {
        const balance = await deposit(
          db,
          request.username,
          Number(request.amount.amount),
          request.amount.currency,
          idempotencyKey(ctx) ?? "",
        );
        return { balance: { amount: BigInt(balance), currency: request.amount.currency } };
      } catch (error) {
        if (error instanceof CurrencyMismatch) throw new ConnectError(error.message, Code.FailedPrecondition);
        if (error instanceof BalanceLimit) throw new ConnectError(error.message, Code.OutOfRange);
        throw error;
      }
    },
    async getBalance(request) {
      const account = await findAccount(db, request.username);
      if (!account) throw new ConnectError(`no account for ${request.username}`, Code.NotFound);
      return { username: account.username, balance: { amount: BigInt(account.balance), currency: account.currency } };
    },
  };
}

function idempotencyKey(ctx: HandlerContext): string | undefined {
  return ctx.requestHeader.get(IDEMPOTENCY_KEY_HEADER) ?? undefined;
}

function paymentProcessed(payment: Payment) {
  return {
    requestId: payment.requestId,
    orderId: payment.orderId,
    username: payment.username,
    amount: payment.amount,
    currency: payment.currency,
    success: payment.status === "PAID",
    ...(payment.status === "PAID" ? {} : { failureReason: payment.message }),
    processedAt: payment.processedAt,
  };
}
