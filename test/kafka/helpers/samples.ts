/**
 * One valid payload per message of the bundled contracts, typed by the generated code: a new
 * message in a contract makes the round-trip test ask for its sample here.
 */
import type { PaymentProcessed } from "../../../generated/asyncapi/channels/billing-payments.js";
import type { ModerationResult } from "../../../generated/asyncapi/channels/moderation-results.js";
import type { ModerationTask } from "../../../generated/asyncapi/channels/moderation-tasks.js";
import type { NotificationRequested } from "../../../generated/asyncapi/channels/notifications-requested.js";
import type { NotificationSent } from "../../../generated/asyncapi/channels/notifications-sent.js";
import type { OrderStatusChanged } from "../../../generated/asyncapi/channels/order-status-changed.js";
import type { OrderCreated } from "../../../generated/asyncapi/channels/orders-created.js";
import type { OrderCreationRequested } from "../../../generated/asyncapi/channels/orders-requests.js";
import type { OrderStatusUpdated } from "../../../generated/asyncapi/channels/orders-status.js";
import type { UserProfileResponse } from "../../../generated/asyncapi/channels/users-profile-response.js";
import type { UserProfileRequested } from "../../../generated/asyncapi/channels/users-profile.js";
import type { UserRegistered } from "../../../generated/asyncapi/channels/users-registered.js";

const at = 1_767_225_600_000;
const items = [{ productId: "sku-1", quantity: 2, price: 1250 }];

export const samplePayloads = {
  OrderCreationRequested: {
    requestId: "req-1",
    username: "alice",
    items,
    deliveryAddress: "1 Main St",
    paymentMethod: "CARD",
    currency: "EUR",
    createdAt: at,
  } satisfies OrderCreationRequested,
  OrderCreated: {
    requestId: "req-1",
    username: "alice",
    orderId: 9_007_199_254_740_991,
    items,
    totalCost: 2500,
    currency: "EUR",
    createdAt: at,
  } satisfies OrderCreated,
  PaymentProcessed: {
    requestId: "req-1",
    orderId: 1,
    username: "alice",
    amount: 2500,
    currency: "EUR",
    success: false,
    failureReason: "insufficient funds",
    processedAt: at,
  } satisfies PaymentProcessed,
  OrderStatusUpdated: {
    requestId: "req-1",
    orderId: 1,
    username: "alice",
    status: "INSUFFICIENT_FUNDS",
    previousStatus: "PENDING_VALIDATION",
    updatedAt: at,
    metadata: { reason: "insufficient funds" },
  } satisfies OrderStatusUpdated,
  OrderStatusChanged: { orderId: 1, username: "alice", status: "PAID", previousStatus: "NEW", occurredAt: at } satisfies OrderStatusChanged,
  NotificationRequested: {
    notificationId: "n-1",
    requestId: "req-1",
    username: "alice",
    type: "EMAIL",
    subject: "Your order",
    content: "Paid — thank you ✓",
    metadata: { orderId: "1" },
    scheduledAt: at,
  } satisfies NotificationRequested,
  NotificationSent: { notificationId: "n-1", requestId: "req-1", username: "alice", type: "SMS", sentAt: at } satisfies NotificationSent,
  UserRegistered: { username: "alice", email: "alice@example.com", registeredAt: at, source: "web" } satisfies UserRegistered,
  UserProfileRequested: { requestId: "req-2", username: "alice" } satisfies UserProfileRequested,
  UserProfileResponse: {
    requestId: "req-2",
    username: "alice",
    found: true,
    email: "alice@example.com",
    firstName: "Alice",
  } satisfies UserProfileResponse,
  ModerationTask: {
    reportId: "r-1",
    targetType: "AD",
    targetId: "ad-7",
    reason: "spam",
    reporter: "bob",
    createdAt: at,
  } satisfies ModerationTask,
  ModerationResult: { reportId: "r-1", targetType: "AD", targetId: "ad-7", verdict: "BAN", processedAt: at } satisfies ModerationResult,
} as const;
