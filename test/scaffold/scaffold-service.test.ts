/**
 * `concord scaffold service` on a project of its own (no broker): Connect and REST contracts in a
 * temp folder, `concord generate`, then the skeleton. It type-checks strict against the generated
 * code as written, its own first test passes, and run as a process it answers /healthz, says
 * Unimplemented (Connect, through the generated client) and 501 (REST); with a handler written in,
 * and started again, those calls succeed. A second run keeps every file; a name that owns nothing exits 2.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, type Project, type RunningProgram } from "./support/project.js";

let project: Project;
const running: RunningProgram[] = [];
const ports = { HOST: "127.0.0.1", RPC_PORT: "0", HTTP_PORT: "0", OPS_PORT: "0" };

const callCart = `
import { Code, ConnectError } from "@connectrpc/connect";
import { createNodeTransport } from "@concordkit/runtime/rpc/node";
import { createCartServiceClient } from "./generated/proto/shop/v1/cart_service_client.js";
const client = createCartServiceClient(createNodeTransport({ baseUrl: process.argv[2]! }));
try {
  const response = await client.addItem({ cartId: "c1", sku: "tea", quantity: 2 });
  console.log(JSON.stringify({ items: response.items }));
} catch (error) {
  const e = ConnectError.from(error);
  console.log(JSON.stringify({ code: Code[e.code], message: e.rawMessage }));
}
`;

beforeAll(async () => {
  project = await createProject(["proto", "openapi"]);
  await writeFile(join(project.dir, "call-cart.ts"), callCart);
  const generate = await project.concord(["generate"]);
  expect(generate.code, generate.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await Promise.all(running.map((program) => program.stop()));
  await project?.remove();
}, 30_000);

async function start(): Promise<RunningProgram> {
  const program = await project.start("services/shop/main.ts", ports);
  running.push(program);
  return program;
}

async function stop(program: RunningProgram): Promise<number | null> {
  running.splice(running.indexOf(program), 1);
  return program.stop();
}

describe("concord scaffold service shop (Connect + REST)", () => {
  it("writes a skeleton for what the name owns by default: package shop.*, the OpenAPI document shop", async () => {
    const result = await project.concord(["scaffold", "service", "shop"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("concord scaffold service shop → services/shop/");
    expect(result.stdout).toMatch(/Connect +shop\.v1\.CartService \(2 methods\) +\[package shop\.\*\]/);
    expect(result.stdout).toMatch(/REST +shop\/orders, shop\/products +\[OpenAPI document shop or shop-service\]/);
    expect(result.stdout).toMatch(/AsyncAPI +none/);
    expect(result.stdout).toContain("`tsc`");
    for (const file of [
      "main.ts",
      "service.ts",
      "config.ts",
      "context.ts",
      "service.test.ts",
      "README.md",
      "handlers/rpc/cart-service.ts",
      "handlers/rest/orders.ts",
      "handlers/rest/products.ts",
    ]) {
      expect(result.stdout).toContain(`wrote  services/shop/${file}`);
      expect(existsSync(join(project.dir, "services/shop", file)), file).toBe(true);
    }
    const rpc = await readFile(join(project.dir, "services/shop/handlers/rpc/cart-service.ts"), "utf8");
    expect(rpc).toContain("export function cartServiceHandler(service: ServiceContext): CartServiceHandler {");
    expect(rpc).toContain('throw new ConnectError("shop.v1.CartService.AddItem is not implemented", Code.Unimplemented);');
    expect(rpc).toContain(
      "async *watchCart(request: WatchCartRequest, context: HandlerContext): AsyncIterable<MessageInitShape<typeof WatchCartResponseSchema>>",
    );
    const rest = await readFile(join(project.dir, "services/shop/handlers/rest/products.ts"), "utf8");
    expect(rest).toContain('export function productsHandlers(service: ServiceContext): Pick<ShopHandlers, "getProduct"> {');
    expect(rest).toContain('throw new NotImplementedError("getProduct (GET /products/{productId})");');
    const service = await readFile(join(project.dir, "services/shop/service.ts"), "utf8");
    expect(service).toContain("const shopHandlers: ShopHandlers = {"); // the whole document: tsc names a new operation
    expect(service).not.toContain("kafka");
  });

  it("type-checks strict (nodenext) against the generated code as written", async () => {
    const tsc = await project.typecheck();
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  }, 120_000);

  it("its own first test passes (node:test): loopback, /healthz 200, AddItem answers Unimplemented", async () => {
    const result = await project.tsx(["--test", "services/shop/service.test.ts"], { timeoutMs: 60_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/# pass 1\b/);
    expect(result.stdout).toMatch(/# fail 0\b/);
  }, 90_000);

  it("runs: /healthz 200, Unimplemented through the generated client, 501 problem+json, metrics; SIGTERM stops it cleanly", async () => {
    const program = await start();
    expect(Object.keys(program.urls).sort()).toEqual(["http", "ops", "rpc"]);
    for (const url of Object.values(program.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${program.urls.ops}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", healthy: true, groups: [], checks: [] });

    const call = await project.tsx(["call-cart.ts", program.urls.rpc!]);
    expect(JSON.parse(call.stdout), call.stderr).toEqual({
      code: "Unimplemented",
      message: "shop.v1.CartService.AddItem is not implemented",
    });

    const product = await fetch(`${program.urls.http}/api/products/1`);
    expect(product.status).toBe(501);
    expect(product.headers.get("content-type")).toBe("application/problem+json");
    expect(await product.json()).toMatchObject({ status: 501, detail: "getProduct (GET /products/{productId}) is not implemented" });
    // The router still checks the contract first: no credentials, 401; a bad path parameter, 400.
    expect((await fetch(`${program.urls.http}/api/orders`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${program.urls.http}/api/products/0`)).status).toBe(400);

    const metrics = await (await fetch(`${program.urls.ops}/metrics`)).text();
    expect(metrics).toContain('concord_requests_total{service="shop",surface="rpc",operation="AddItem",code="unimplemented"} 1');
    expect(metrics).toContain('concord_requests_total{service="shop",surface="http",operation="getProduct",code="501"} 1');

    expect(await stop(program)).toBe(0);
    expect(program.output()).toContain('"msg":"SIGTERM: stopping"');
    expect(program.output()).toContain('"msg":"stopped"');
  }, 60_000);

  it("with the handlers written in and the service started again, the calls succeed (and still type-check)", async () => {
    await writeFile(
      join(project.dir, "services/shop/handlers/rpc/cart-service.ts"),
      `import type { CartServiceHandler } from "../../../../generated/proto/shop/v1/cart_service_server.js";
import type { ServiceContext } from "../../context.js";

export function cartServiceHandler(service: ServiceContext): CartServiceHandler {
  return {
    async addItem(request) {
      service.log.info("item added", { cartId: request.cartId });
      return { items: request.quantity };
    },
    async *watchCart(request) {
      yield { cartId: request.cartId, items: 0 };
    },
  };
}
`,
    );
    await writeFile(
      join(project.dir, "services/shop/handlers/rest/products.ts"),
      `import type { GetProductInput, GetProductResult, ShopHandlers } from "../../../../generated/openapi/shop/server/index.js";
import type { ServiceContext } from "../../context.js";

export function productsHandlers(service: ServiceContext): Pick<ShopHandlers, "getProduct"> {
  return {
    async getProduct(input: GetProductInput): Promise<GetProductResult> {
      return { status: 200, body: { productId: input.path.productId, name: \`tea from \${service.config.name}\` } };
    },
  };
}
`,
    );
    const [tsc, program] = await Promise.all([project.typecheck(), start()]);
    expect(tsc.stdout + tsc.stderr).toBe("");

    const call = await project.tsx(["call-cart.ts", program.urls.rpc!]);
    expect(JSON.parse(call.stdout), call.stderr).toEqual({ items: 2 });
    const product = await fetch(`${program.urls.http}/api/products/7`);
    expect(product.status).toBe(200);
    expect(await product.json()).toEqual({ productId: 7, name: "tea from shop" });
    expect(await stop(program)).toBe(0);
  }, 120_000);

  it("a second run keeps every file as it is; a name that owns nothing exits 2 listing what the contracts have", async () => {
    const again = await project.concord(["scaffold", "service", "shop"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("wrote ");
    expect(again.stdout).toContain("kept   services/shop/handlers/rpc/cart-service.ts (it exists; left as it was)");
    expect(await readFile(join(project.dir, "services/shop/handlers/rest/products.ts"), "utf8")).toContain("tea from");

    const nothing = await project.concord(["scaffold", "service", "billing"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("the contracts have nothing for a service named billing");
    expect(nothing.stderr).toContain("Connect services (--rpc):   shop.v1.CartService");
    expect(nothing.stderr).toContain("REST groups (--rest):       shop/orders, shop/products");
    const unknown = await project.concord(["scaffold", "service", "shop", "--rpc", "shop.v1.NoSuchService"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--rpc shop.v1.NoSuchService: no such Connect service");
    expect(existsSync(join(project.dir, "services/billing"))).toBe(false);
  }, 60_000);

  it("after a contract change and concord generate, tsc names what is left unimplemented", async () => {
    const proto = join(project.dir, "contracts/proto/shop/v1/cart.proto");
    await writeFile(
      proto,
      (await readFile(proto, "utf8")).replace(
        "  // Streams a cart's changes.",
        "  // Empties a cart.\n  rpc ClearCart(WatchCartRequest) returns (AddItemResponse);\n  // Streams a cart's changes.",
      ),
    );
    const openapi = join(project.dir, "contracts/openapi/shop.yaml");
    const listProducts = [
      "  /products:",
      "    get:",
      "      operationId: listProducts",
      "      tags: [products]",
      "      responses:",
      '        "200":',
      "          description: The products",
      "paths:",
    ];
    await writeFile(openapi, (await readFile(openapi, "utf8")).replace("paths:\n", `paths:\n${listProducts.slice(0, -1).join("\n")}\n`));
    const generate = await project.concord(["generate"]);
    expect(generate.code, generate.stderr).toBe(0);
    const tsc = await project.typecheck();
    expect(tsc.code).not.toBe(0);
    const errors = tsc.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(errors).toEqual([
      expect.stringMatching(/^services\/shop\/handlers\/rpc\/cart-service\.ts\(\d+,\d+\): error TS2741: Property 'clearCart' is missing/),
      expect.stringMatching(/^services\/shop\/service\.ts\(\d+,\d+\): error TS2741: Property 'listProducts' is missing/),
    ]);
  }, 90_000);
});
