/** The one naming module every emitter and the scaffold use (generator/src/core/names.ts). */
import { describe, expect, it } from "vitest";
import { camelCase, identifier, kebabCase, pascalCase, snakeCase, UniqueNames, words } from "../../generator/src/core/names.js";

describe("names from contract names", () => {
  it.each([
    ["getOrderStatus", ["get", "Order", "Status"]],
    ["get-order status", ["get", "order", "status"]],
    ["HTTPServer", ["HTTP", "Server"]],
    ["2FA verified", ["2", "FA", "verified"]],
    ["orders.v1/created", ["orders", "v1", "created"]],
    ["!!!", []],
  ])("words(%j)", (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it("cases alike whatever the contract's style", () => {
    expect(["create-order", "create_order", "createOrder", "CreateOrder", "create order"].map(pascalCase)).toEqual(
      Array(5).fill("CreateOrder"),
    );
    expect(camelCase("orders/get-status")).toBe("ordersGetStatus");
    expect(kebabCase("OrderService")).toBe("order-service");
    expect(kebabCase("orders.created")).toBe("orders-created");
    expect(snakeCase("HTTPServer")).toBe("http_server");
  });

  it("makes a name safe to bind: leading digits, reserved words, nothing left", () => {
    expect(identifier(camelCase("2fa-verify"), "operation")).toBe("_2faVerify");
    expect(identifier("delete", "operation")).toBe("delete_");
    expect(identifier("import", "operation")).toBe("import_");
    expect(identifier(camelCase("!!!"), "operation")).toBe("operation");
    expect(identifier("call", "operation")).toBe("call");
  });

  it("hands out a name once, regardless of case, around reserved ones", () => {
    const names = new UniqueNames(["default"]);
    expect(["getOrder", "GetOrder", "getorder", "Default"].map((n) => names.claim(n))).toEqual([
      "getOrder",
      "GetOrder2",
      "getorder3",
      "Default2",
    ]);
  });
});
