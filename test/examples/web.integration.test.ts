/**
 * examples/web in a real browser: headless Chromium (Debian's, driven by playwright-core) opens the
 * page that the example server serves in front of the reference system (hybrid flow, own Kafka
 * broker, every service on 127.0.0.1). Through the generated SDK the page registers, deposits,
 * places an order and draws its status from the live SSE stream; the gateway is asked afterwards
 * whether the page told the truth.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Locator, type Page, type Request } from "playwright-core";
import type { KafkaBroker } from "../../tools/kafka/broker.js";
import { issueToken } from "../../services/shared/auth/token-issuer.js";
import { startTestBroker, startTestSystem, testJwtSecret, type TestSystem } from "../../tools/system/system.js";
import { startWebServer, type WebServer } from "../../examples/web/server/web-server.js";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const waitMs = 60_000;

let broker: KafkaBroker | undefined;
let system: TestSystem | undefined;
let web: WebServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  broker = await startTestBroker();
  system = await startTestSystem(broker, "hybrid");
  web = await startWebServer({ gatewayUrl: system.system.gatewayUrl, devJwtSecret: testJwtSecret });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"], timeout: waitMs });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await system?.stop();
  await broker?.destroy();
}, 90_000);

/** A fresh page that records console errors, uncaught exceptions and every request it sends. */
async function openShop(): Promise<{ page: Page; errors: string[]; requests: Request[] }> {
  const page = await browser!.newPage();
  page.setDefaultTimeout(waitMs);
  const errors: string[] = [];
  const requests: Request[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request));
  await page.goto(web!.url);
  return { page, errors, requests };
}

/** Signs up through the page (its dev issuer, or `pasteToken` typed into the token field) and deposits. */
async function signUpAndDeposit(page: Page, cents: number, pasteToken?: (username: string) => Promise<string>): Promise<string> {
  const username = await page.inputValue("#username");
  if (pasteToken) await page.fill("#token", await pasteToken(username));
  await page.click("#sign-up");
  await page
    .locator("#who")
    .filter({ hasText: `Signed in as ${username}` })
    .waitFor();
  await page.fill("#deposit-amount", String(cents));
  await page.click("#deposit");
  await page
    .locator("#balance")
    .filter({ hasText: euros(cents) })
    .waitFor();
  return username;
}

function euros(cents: number): string {
  return new Intl.NumberFormat("en", { style: "currency", currency: "EUR" }).format(cents / 100);
}

/** Clicks "place order" and returns the new order's entry (orders are listed newest first) and id. */
async function placeOrder(page: Page, price: number, quantity: number): Promise<{ order: Locator; orderId: number }> {
  const before = await page.locator("#orders > li").count();
  await page.fill("#price", String(price));
  await page.fill("#quantity", String(quantity));
  await page.click("#place-order");
  await page.locator("#orders > li").nth(before).waitFor();
  const order = page.locator("#orders > li").first();
  return { order, orderId: Number(await order.getAttribute("data-order-id")) };
}

/** Waits until the order's status list shows `status`, then returns the whole list. */
async function statusesUntil(order: Locator, status: string): Promise<string[]> {
  await order.locator(`.statuses li[data-status="${status}"]`).waitFor();
  return order.locator(".statuses li").allTextContents();
}

/** NEW → PENDING_VALIDATION → PAID, and the delivery steps after it when the order service runs them. */
const paidPath = ["NEW", "PENDING_VALIDATION", "PAID", "SHIPPED", "DELIVERED"];

function expectPaidPath(statuses: string[]): void {
  expect(statuses.length).toBeGreaterThanOrEqual(3);
  expect(statuses).toEqual(paidPath.slice(0, statuses.length));
}

async function orderOnGateway(username: string, orderId: number): Promise<{ status: string; amount: number }> {
  const token = await issueToken(testJwtSecret, { username });
  const answer = await system!.client.request<{ status: string; amount: number }>("GET", `/order/${orderId}`, { token });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("examples/web in headless Chromium", () => {
  it("signs up, deposits, places an order and shows NEW → PENDING_VALIDATION → PAID (→ SHIPPED → DELIVERED) live, with no console errors", async () => {
    const { page, errors, requests } = await openShop();
    const username = await signUpAndDeposit(page, 10_000);

    const { order, orderId } = await placeOrder(page, 1_500, 2);
    // With a delivery service in the system the same stream goes on to the end of the order.
    const last = system!.system.services.has("delivery") ? "DELIVERED" : "PAID";
    expectPaidPath(await statusesUntil(order, last));
    await page
      .locator("#balance")
      .filter({ hasText: euros(10_000 - 3_000) })
      .waitFor();
    const stored = await orderOnGateway(username, orderId);
    expect(stored.amount).toBe(3_000);
    expect(paidPath.slice(2)).toContain(stored.status);

    // The SDK made the Idempotency-Key, and the status came over server-sent events.
    const post = requests.find((request) => request.method() === "POST" && request.url().endsWith("/api/v1/order"));
    expect((await post?.allHeaders())?.["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    const stream = requests.find((request) => request.url().endsWith(`/api/v1/order/${orderId}/status-stream`));
    expect((await stream?.allHeaders())?.accept).toBe("text/event-stream");
    expect(await page.textContent("#message")).toBe("");
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it("with a token passed in instead of the dev issuer, an order above the balance ends in INSUFFICIENT_FUNDS and charges nothing", async () => {
    const { page, errors, requests } = await openShop();
    const username = await signUpAndDeposit(page, 1_000, (name) => issueToken(testJwtSecret, { username: name }));
    expect(requests.some((request) => request.url().endsWith("/dev/token"))).toBe(false);

    const { order, orderId } = await placeOrder(page, 5_000, 1);
    const statuses = await statusesUntil(order, "INSUFFICIENT_FUNDS");
    expect(statuses.at(-1)).toBe("INSUFFICIENT_FUNDS");
    expect(statuses).not.toContain("PAID");
    expect(await orderOnGateway(username, orderId)).toMatchObject({ status: "INSUFFICIENT_FUNDS" });
    expect(await page.textContent("#balance")).toBe(euros(1_000));
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it("the list grows live: NEW while payment is down, then PENDING_VALIDATION → PAID once it is back", async () => {
    const { page, errors } = await openShop();
    const username = await signUpAndDeposit(page, 5_000);

    await system!.system.stopService("payment");
    let order: Locator;
    let orderId: number;
    try {
      ({ order, orderId } = await placeOrder(page, 2_000, 1));
      expect(await statusesUntil(order, "NEW")).toEqual(["NEW"]);
      // The outage window: the order cannot move while billing is away.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await order.locator(".statuses li").allTextContents()).toEqual(["NEW"]);
    } finally {
      await system!.system.startService("payment");
    }
    expectPaidPath(await statusesUntil(order, "PAID"));
    const stored = await orderOnGateway(username, orderId);
    expect(stored.amount).toBe(2_000);
    expect(paidPath.slice(2)).toContain(stored.status);
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);
});
