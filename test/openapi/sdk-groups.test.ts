/** How the SDK lays operations out in files: by tag, or by resource for a document that tags nothing or asks for it. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOpenApiFile } from "../../generator/src/openapi/load.js";
import { resourceOf, sdkGroups } from "../../generator/src/openapi/sdk-groups.js";
import type { SdkGrouping } from "../../generator/src/openapi/config.js";

const dir = mkdtempSync(join(tmpdir(), "concord-sdk-groups-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = { responses: { "204": { description: "ok" } } };

async function groups(paths: Record<string, unknown>, groupBy?: SdkGrouping) {
  const file = join(dir, `g${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths }));
  const model = { ...(await loadOpenApiFile(file, "openapi/t.json")), ...(groupBy ? { groupBy } : {}) };
  return sdkGroups(model).map((g) => `${g.file}: ${g.operations.map(({ op }) => op.operationId).join(" ")}`);
}

describe("SDK groups", () => {
  it("finds the resource of a path past versions, api and parameters", () => {
    expect(resourceOf("/v1/customers/{customer}/sources")).toBe("customers");
    expect(resourceOf("/api/v2.1/orders")).toBe("orders");
    expect(resourceOf("/{tenant}/reports")).toBe("reports");
    expect(resourceOf("/")).toBeUndefined();
  });

  it("groups a document without tags by resource instead of one default file", async () => {
    expect(
      await groups({
        "/v1/customers": { get: { operationId: "listCustomers", ...ok } },
        "/v1/customers/{id}": {
          get: { operationId: "getCustomer", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], ...ok },
        },
        "/v1/charges": { post: { operationId: "createCharge", ...ok } },
        "/": { get: { operationId: "root", ...ok } },
      }),
    ).toEqual(["charges: createCharge", "customers: listCustomers getCustomer", "default: root"]);
  });

  it("keeps tags when there are any, and groups by path when the config says so", async () => {
    const paths = {
      "/orders": { get: { operationId: "listOrders", tags: ["shop"], ...ok } },
      "/users": { get: { operationId: "listUsers", ...ok } },
    };
    expect(await groups(paths)).toEqual(["default: listUsers", "shop: listOrders"]);
    expect(await groups(paths, "path")).toEqual(["orders: listOrders", "users: listUsers"]);
  });
});
