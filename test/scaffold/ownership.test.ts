/** How `concord scaffold service NAME` decides what a service owns (cli/src/scaffold/ownership.ts). */
import { describe, expect, it } from "vitest";
import type { ContractInventory, RestDocumentInfo, RpcServiceInfo } from "../../generator/src/index.js";
import { isEmpty, OwnershipError, resolveOwnership } from "../../cli/src/scaffold/ownership.js";
import { sampleRequest } from "../../cli/src/scaffold/sample-request.js";

function rpc(typeName: string): RpcServiceInfo {
  const name = typeName.split(".").at(-1)!;
  const pkg = typeName.slice(0, -name.length - 1);
  return {
    typeName,
    package: pkg,
    name,
    file: "x.proto",
    serverModule: "",
    clientModule: "",
    handlerType: "",
    mountFunction: "",
    serveFunction: "",
    clientFunction: "",
    methods: [],
  };
}

function rest(name: string, groups: string[]): RestDocumentInfo {
  return {
    name,
    title: name,
    source: `openapi/${name}.yaml`,
    basePath: "",
    serverModule: "",
    handlersType: "",
    routerFunction: "",
    contractConst: "",
    groups: groups.map((group) => ({ name: group, tag: group, operations: [] })),
    securitySchemes: {},
    schemas: {},
  };
}

const inventory: ContractInventory = {
  rpc: [
    rpc("payment.v1.PaymentService"),
    rpc("payment.v2.PaymentService"),
    rpc("user_profile.v1.ProfileService"),
    rpc("order.v1.OrderService"),
  ],
  rest: [rest("gateway", ["orders", "users", "default"]), rest("admin", ["users"])],
  asyncapi: ["billing-service", "order-service", "order", "gateway"].map((name) => ({
    name,
    title: name,
    source: `asyncapi/${name}.yaml`,
    topics: { module: "", listConst: "", provisionFunction: "" },
    receives: [],
    sends: [],
  })),
};

const names = (ownership: ReturnType<typeof resolveOwnership>) => ({
  rpc: ownership.rpc.map((s) => s.typeName),
  rest: ownership.rest.map((d) => `${d.document.name}:${d.groups.map((g) => g.name).join(",")}${d.whole ? " (whole)" : ""}`),
  asyncapi: ownership.asyncapi.map((d) => d.name),
});

describe("ownership defaults", () => {
  it("payment: the services of the packages payment.*; no OpenAPI or AsyncAPI document of that name", () => {
    const owned = resolveOwnership(inventory, { name: "payment" });
    expect(names(owned)).toEqual({ rpc: ["payment.v1.PaymentService", "payment.v2.PaymentService"], rest: [], asyncapi: [] });
    expect(owned.reasons).toEqual({
      rpc: "package payment.*",
      rest: "OpenAPI document payment or payment-service",
      asyncapi: "AsyncAPI document payment-service or payment",
    });
  });

  it("order: NAME-service before NAME among AsyncAPI documents; gateway: the whole OpenAPI document and its AsyncAPI document", () => {
    expect(names(resolveOwnership(inventory, { name: "order" }))).toEqual({
      rpc: ["order.v1.OrderService"],
      rest: [],
      asyncapi: ["order-service"],
    });
    expect(names(resolveOwnership(inventory, { name: "gateway" }))).toEqual({
      rpc: [],
      rest: ["gateway:orders,users,default (whole)"],
      asyncapi: ["gateway"],
    });
  });

  it("names compare without case and punctuation: user-profile owns package user_profile.v1", () => {
    expect(names(resolveOwnership(inventory, { name: "user-profile" })).rpc).toEqual(["user_profile.v1.ProfileService"]);
  });

  it("a name nothing matches owns nothing (the command then exits 2 listing what exists)", () => {
    expect(isEmpty(resolveOwnership(inventory, { name: "shipping" }))).toBe(true);
  });
});

describe("ownership flags", () => {
  it("--rpc takes full names, unique bare names and package wildcards; --no-<kind> takes none", () => {
    const owned = resolveOwnership(inventory, {
      name: "payment",
      rpc: ["payment.v2.*", "OrderService"],
      rest: false,
      asyncapi: ["billing-service"],
    });
    expect(names(owned)).toEqual({ rpc: ["payment.v2.PaymentService", "order.v1.OrderService"], rest: [], asyncapi: ["billing-service"] });
    expect(owned.reasons.rest).toBe("--no-rest");
    expect(names(resolveOwnership(inventory, { name: "x", rpc: ["payment.v1.PaymentService"] })).rpc).toEqual([
      "payment.v1.PaymentService",
    ]);
  });

  it("--rest takes a document (all its groups), document/group, or a group one document has", () => {
    const owned = resolveOwnership(inventory, { name: "web", rest: ["gateway/orders", "default"], asyncapi: false });
    expect(names(owned).rest).toEqual(["gateway:orders,default"]);
    expect(names(resolveOwnership(inventory, { name: "web", rest: ["admin"] })).rest).toEqual(["admin:users (whole)"]);
  });

  it("names that match nothing, or more than one thing, are errors listing what the contracts have", () => {
    const error = (() => {
      try {
        resolveOwnership(inventory, { name: "x", rpc: ["PaymentService", "nope.*"], rest: ["users", "gateway/nope"], asyncapi: ["nope"] });
      } catch (e) {
        return e as Error;
      }
      throw new Error("no error");
    })();
    expect(error).toBeInstanceOf(OwnershipError);
    expect(error.message.split("\n")).toEqual([
      "--rpc PaymentService: several services have that name (payment.v1.PaymentService, payment.v2.PaymentService); give the full name",
      "--rpc nope.*: no such Connect service",
      "--rest users: several documents have that group (gateway/users, admin/users); give document/group",
      "--rest gateway/nope: no such operation group",
      "--asyncapi nope: no such AsyncAPI document",
      "",
      "Connect services (--rpc):   payment.v1.PaymentService, payment.v2.PaymentService, user_profile.v1.ProfileService, order.v1.OrderService",
      "REST groups (--rest):       gateway/orders, gateway/users, gateway/default, admin/users",
      "AsyncAPI documents (--asyncapi): billing-service, order-service, order, gateway",
    ]);
  });
});

describe("the first test's REST request", () => {
  const document: RestDocumentInfo = {
    ...rest("shop", []),
    basePath: "/api",
    securitySchemes: { bearer: { type: "http", scheme: "bearer" }, key: { type: "apiKey", name: "X-Key", in: "header" } },
    schemas: { ProductId: { type: "integer", minimum: 10 } },
  };
  const operation = (over: Partial<RestDocumentInfo["groups"][number]["operations"][number]>) => ({
    operationId: "op",
    typeName: "Op",
    method: "GET",
    path: "/",
    deprecated: false,
    eventStream: false,
    parameters: [],
    bodyRequired: false,
    security: [],
    ...over,
  });

  it("fills path, query and header parameters from their schemas ($ref, minimum, enum, format) and adds credentials", () => {
    const sample = sampleRequest(document, [
      operation({ operationId: "create", method: "POST", bodyRequired: true }),
      operation({
        operationId: "get",
        path: "/products/{productId}",
        parameters: [
          { name: "productId", in: "path", required: true, schema: { $ref: "#/components/schemas/ProductId" } },
          { name: "sort", in: "query", required: true, schema: { type: "string", enum: ["price", "name"] } },
          { name: "since", in: "query", required: false, schema: { type: "string" } },
          { name: "X-Request-Id", in: "header", required: true, schema: { type: "string", format: "uuid" } },
        ],
        security: [{ bearer: [] }],
      }),
    ]);
    expect(sample).toEqual({
      operation: expect.objectContaining({ operationId: "get" }),
      method: "GET",
      path: "/api/products/10?sort=price",
      headers: { "x-request-id": "00000000-0000-4000-8000-000000000000", authorization: "Bearer test-token" },
    });
  });

  it("skips operations that need a body or a parameter whose valid values are not obvious (a pattern)", () => {
    const patterned = operation({
      parameters: [{ name: "q", in: "query", required: true, schema: { type: "string", pattern: "^[a-z]+$" } }],
    });
    expect(sampleRequest(document, [operation({ method: "POST", bodyRequired: true }), patterned])).toBeUndefined();
    expect(sampleRequest(document, [operation({ security: [{ key: [] }] })])?.headers).toEqual({ "x-key": "test-key" });
  });
});
