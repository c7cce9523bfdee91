import { randomUUID } from "node:crypto";
import type { components } from "../../generated/openapi/gateway/types.js";
import type { GatewayHandlers, Principal } from "../../generated/openapi/gateway/server/index.js";

type OrderStatus = components["schemas"]["OrderStatus"];
type Currency = components["schemas"]["Currency"];
interface StoredOrder {
  orderId: number;
  username: string;
  items: { productId: string; quantity: number; price: number }[];
  amount: number;
  currency: Currency;
  status: OrderStatus;
  createdAt: number;
}
interface StatusChange {
  id: number;
  orderId: number;
  status: OrderStatus;
  previousStatus?: OrderStatus;
  occurredAt: number;
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(["DELIVERED", "CANCELLED", "INSUFFICIENT_FUNDS"]);

/**
 * A small in-memory gateway implemented on the generated handler interfaces: enough state to show
 * that validated, typed input reaches the handlers and typed results go out. Tokens are
 * `token-<username>` (the JWT check is the `authenticate` hook's job, not the router's).
 */
export function createGatewayApp() {
  const users = new Map<
    string,
    { username: string; email: string; firstName: string; lastName: string; phone?: string; registeredAt: number }
  >();
  const orders = new Map<number, StoredOrder>();
  const idempotency = new Map<string, { orderId: number; request: string }>();
  const history = new Map<number, StatusChange[]>();
  const listeners = new Map<number, Set<() => void>>();
  let nextOrderId = 1000;
  let nextEventId = 1;

  function record(orderId: number, status: OrderStatus, previousStatus?: OrderStatus): void {
    const change: StatusChange = { id: nextEventId++, orderId, status, occurredAt: Date.now() };
    if (previousStatus) change.previousStatus = previousStatus;
    history.set(orderId, [...(history.get(orderId) ?? []), change]);
    for (const wake of listeners.get(orderId) ?? []) wake();
  }

  const problem = (status: 404 | 409, detail: string) => ({
    type: "about:blank",
    title: status === 404 ? "Not Found" : "Conflict",
    status,
    detail,
  });

  const handlers: GatewayHandlers = {
    registerUser({ body }) {
      if (users.has(body.username)) return { status: 409, body: problem(409, `${body.username} is taken`) };
      const { password: _password, ...profile } = body;
      const user = { ...profile, registeredAt: Date.now() };
      users.set(user.username, user);
      return { status: 201, body: user };
    },
    getUser({ path }) {
      const user = users.get(path.username);
      return user ? { status: 200, body: user } : { status: 404, body: problem(404, `no user ${path.username}`) };
    },
    createOrder({ headers, body, context }) {
      const key = headers["Idempotency-Key"];
      const request = JSON.stringify(body);
      const seen = idempotency.get(key);
      if (seen && seen.request !== request) return { status: 409, body: problem(409, "Idempotency-Key reused with another body") };
      if (seen) {
        const order = orders.get(seen.orderId)!;
        return { status: 201, body: order, headers: { Location: `/api/v1/order/${order.orderId}` } };
      }
      const order: StoredOrder = {
        orderId: nextOrderId++,
        username: context.principal?.subject ?? "anonymous",
        items: body.items,
        amount: body.items.reduce((sum, item) => sum + item.price * item.quantity, 0),
        currency: body.currency,
        status: "NEW",
        createdAt: Date.now(),
      };
      orders.set(order.orderId, order);
      idempotency.set(key, { orderId: order.orderId, request });
      record(order.orderId, "NEW");
      return { status: 201, body: order, headers: { Location: `/api/v1/order/${order.orderId}` } };
    },
    getOrder({ path }) {
      const order = orders.get(path.orderId);
      return order ? { status: 200, body: order } : { status: 404, body: problem(404, `no order ${path.orderId}`) };
    },
    streamOrderStatus({ path, headers }) {
      const orderId = path.orderId;
      if (!orders.has(orderId)) return { status: 404, body: problem(404, `no order ${orderId}`) };
      const after = Number(headers["Last-Event-ID"] ?? 0);
      return {
        status: 200,
        async stream(writer) {
          let sent = after;
          for (;;) {
            const pending = (history.get(orderId) ?? []).filter((change) => change.id > sent);
            for (const { id, ...event } of pending) {
              await writer.send({ id: String(id), event: "status", data: event });
              sent = id;
              if (TERMINAL.has(event.status)) return;
            }
            if (writer.signal.aborted) return;
            await new Promise<void>((resolve) => {
              const wake = () => {
                listeners.get(orderId)?.delete(wake);
                resolve();
              };
              listeners.set(orderId, (listeners.get(orderId) ?? new Set()).add(wake));
              writer.signal.addEventListener("abort", wake, { once: true });
            });
          }
        },
      };
    },
    getAccount({ context }) {
      return {
        status: 200,
        body: { username: context.principal?.subject ?? "anonymous", balance: 0, currency: "EUR", updatedAt: Date.now() },
      };
    },
    depositToAccount({ body, context }) {
      const username = context.principal?.subject ?? "anonymous";
      return { status: 200, body: { username, balance: body.amount, currency: body.currency, updatedAt: Date.now() } };
    },
    fileReport() {
      return { status: 202, body: { reportId: randomUUID(), status: "PROCESSING", message: "your report is being processed" } };
    },
    getReport({ path }) {
      return { status: 404, body: problem(404, `no report ${path.reportId}`) };
    },
    listNotifications({ query }) {
      const items = Array.from({ length: Math.min(query.limit, 3) }, (_, i) => ({
        notificationId: `n-${i}`,
        type: query.type ?? "EMAIL",
        subject: "Order paid",
        content: `Notification ${i}`,
        sentAt: 1_700_000_000_000 + i,
      }));
      return { status: 200, body: { items } };
    },
  };

  return {
    handlers,
    /** Accepts `Bearer token-<username>`. */
    authenticate(credentials: readonly { value: string }[]): Principal | undefined {
      const token = credentials[0]?.value ?? "";
      return token.startsWith("token-") ? { subject: token.slice("token-".length) } : undefined;
    },
    /** Moves an order to a new status, as the payment and delivery services would. */
    advance(orderId: number, status: OrderStatus): void {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      const previous = order.status;
      order.status = status;
      record(orderId, status, previous);
    },
  };
}
