import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { orderCreatedMessage } from "../../generated/asyncapi/channels/orders-created.js";
import { userRegisteredMessage } from "../../generated/asyncapi/channels/users-registered.js";
import { moderationTaskMessage } from "../../generated/asyncapi/channels/moderation-tasks.js";

const generated = join(dirname(fileURLToPath(import.meta.url)), "../../generated/asyncapi");

const order = {
  requestId: "req-1",
  username: "alice",
  orderId: 42,
  items: [{ productId: "sku-1", quantity: 2, price: 1250 }],
  totalCost: 2500,
  currency: "EUR",
  createdAt: 1_700_000_000_000,
};

/** The committed, ahead-of-time compiled validators of generated/asyncapi. */
describe("generated AsyncAPI validators", () => {
  it("accept a payload that follows the contract", () => {
    expect(orderCreatedMessage.validate(order)).toEqual({ valid: true });
    expect(userRegisteredMessage.validate({ username: "bob", email: "bob@example.com", registeredAt: 1, source: "web" })).toEqual({
      valid: true,
    });
  });

  it("reject with every reason, by JSON path", () => {
    const result = orderCreatedMessage.validate({ ...order, orderId: 1.5, items: [], currency: "eur", extra: true });
    expect(result.valid).toBe(false);
    const errors = result.valid ? [] : result.errors;
    expect(errors).toContain("/ must NOT have additional properties");
    expect(errors).toContain("/orderId must be integer");
    expect(errors).toContain("/items must NOT have fewer than 1 items");
    expect(errors.some((e) => e.startsWith("/currency must match pattern"))).toBe(true);
  });

  it("check formats and enums (email, targetType)", () => {
    const user = userRegisteredMessage.validate({ username: "bob", email: "not-an-email", registeredAt: 1, source: "web" });
    expect(user).toEqual({ valid: false, errors: ['/email must match format "email"'] });
    const task = { reportId: "r-1", targetType: "POST", targetId: "ad-9", reason: "spam", reporter: "carol", createdAt: 1 };
    const result = moderationTaskMessage.validate(task);
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.errors).toEqual(["/targetType must be equal to one of the allowed values"]);
  });

  it("key records by the contract's key property", () => {
    expect(orderCreatedMessage.key(order)).toBe("42");
    expect(orderCreatedMessage.topic).toMatchObject({ name: "orders.created", partitions: 6 });
  });

  it("compile nothing at run time: the modules hold standalone code, not schemas handed to ajv", async () => {
    const code = await readFile(join(generated, "validators/orders-created.ts"), "utf8");
    expect(code).not.toMatch(/new Ajv|\.compile\(/);
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.every((m) => m === "ajv/dist/runtime/ucs2length" || m === "ajv-formats/dist/formats")).toBe(true);
    expect(code).toContain("export function validateOrderCreated(value: unknown): ValidationResult");
  });
});
