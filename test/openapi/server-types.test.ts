import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  createGatewayRouter,
  type CreateOrderResult,
  type GatewayHandlers,
  type GetOrderHandler,
  type RegisterUserResult,
  type StreamOrderStatusResult,
} from "../../generated/openapi/gateway/server/index.js";
import type * as sdk from "../../generated/openapi/gateway/sdk/index.js";
import type { CreateOrderInput, GetOrderResult, ListNotificationsInput } from "../../generated/openapi/gateway/server/index.js";
import { createGatewayApp } from "./server-gateway-app.js";

/*
 * Type-level checks: `tsc -p tsconfig.json` (CI) compiles this file, and every `@ts-expect-error`
 * below fails the build if the line it guards ever compiles, i.e. if a handler could return a
 * response the contract does not declare.
 */
const order = {
  orderId: 1,
  username: "alice",
  items: [{ productId: "p-1", quantity: 1, price: 100 }],
  amount: 100,
  currency: "EUR" as const,
  status: "NEW" as const,
  createdAt: 0,
};
const problem = { type: "about:blank", title: "Not Found", status: 404 };

/** Each assignable to the other: one type, whatever path the compiler took to it. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Served200<R> = R extends { status: 200; body: infer B } ? B : never;
type Received200<R> = R extends { status: 200; data: infer D } ? D : never;

// The SDK and the stubs of one operation see one type: both read it from types.ts.
export const sameRequestBody: Same<sdk.CreateOrderInput["body"], CreateOrderInput["body"]> = true;
export const sameResponseBody: Same<Received200<sdk.GetOrderResult>, Served200<GetOrderResult>> = true;
export const sameQuery: Same<NonNullable<sdk.ListNotificationsInput["query"]>["type"], ListNotificationsInput["query"]["type"]> = true;
// @ts-expect-error the check tells two types apart: the server has `limit` always (its default), the SDK may leave it out.
export const notSame: Same<NonNullable<sdk.ListNotificationsInput["query"]>["limit"], ListNotificationsInput["query"]["limit"]> = true;

// @ts-expect-error getOrder declares 200, 400, 401 and 404: 418 does not compile.
export const teapot: GetOrderHandler = () => ({ status: 418, body: problem });

// @ts-expect-error a 200 of getOrder carries an Order, not a Problem.
export const problemAsOrder: GetOrderHandler = () => ({ status: 200, body: problem });

// @ts-expect-error the contract requires a Location header on 201.
export const withoutLocation: CreateOrderResult = { status: 201, body: order };

export const created: CreateOrderResult = { status: 201, body: order, headers: { Location: "/api/v1/order/1" } };

export const leaked: RegisterUserResult = {
  status: 201,
  // @ts-expect-error `password` is writeOnly: a response cannot carry it.
  body: { username: "alice", email: "a@example.com", password: "x", firstName: "A", lastName: "L", registeredAt: 0 },
};

// @ts-expect-error an event stream's 200 is written through `stream`, not returned as a body.
export const streamAsBody: StreamOrderStatusResult = { status: 200, body: [] };

export const wrongEvent: StreamOrderStatusResult = {
  status: 200,
  async stream(writer) {
    // @ts-expect-error events carry OrderStatusChanged; "LOST" is not an order status.
    await writer.send({ data: { orderId: 1, status: "LOST", occurredAt: 0 } });
  },
};

describe("handler results the contract does not allow", () => {
  it("are answered with 500 problem+json if a handler gets one past the types", async () => {
    const app = createGatewayApp();
    const errors: string[] = [];
    const handlers: GatewayHandlers = {
      ...app.handlers,
      getOrder: (() => ({ status: 418, body: problem })) as unknown as GetOrderHandler,
    };
    const listener = createGatewayRouter(handlers, { authenticate: app.authenticate, onError: (error) => void errors.push(String(error)) });
    const server = createServer((request, response) => void listener(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/order/7`, { headers: { authorization: "Bearer token-bob" } });
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(errors).toEqual([expect.stringContaining("getOrder returned status 418, which the contract does not declare")]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("are caught by response validation when a body breaks the schema", async () => {
    const app = createGatewayApp();
    const errors: string[] = [];
    const handlers: GatewayHandlers = {
      ...app.handlers,
      getOrder: (() => ({ status: 200, body: { ...order, status: "LOST" } })) as unknown as GetOrderHandler,
    };
    const options = {
      authenticate: app.authenticate,
      validateResponses: true,
      onError: (error: unknown) => void errors.push(String(error)),
    };
    const listener = createGatewayRouter(handlers, options);
    const server = createServer((request, response) => void listener(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/order/7`, { headers: { authorization: "Bearer token-bob" } });
      expect(response.status).toBe(500);
      expect(errors).toEqual([expect.stringMatching(/getOrder 200 response breaks the contract: \/status must be one of/)]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
