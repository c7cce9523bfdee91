/**
 * What the page does with the gateway, through the generated SDK only: register, deposit, read
 * the account, place an order and follow its status. Nothing here spells a route or a wire type.
 */
import {
  createClient,
  createOrder,
  depositToAccount,
  getAccount,
  registerUser,
  streamOrderStatus,
  type Client,
  type StreamOrderStatusEvent,
} from "../../../generated/openapi/gateway/sdk/index.js";
import type { components } from "../../../generated/openapi/gateway/types.js";

export type OrderStatus = components["schemas"]["OrderStatus"];
export type Account = components["schemas"]["Account"];
export type Currency = components["schemas"]["Currency"];

/** Statuses after which an order changes no more; the page stops following there. */
const settledStatuses: ReadonlySet<OrderStatus> = new Set(["INSUFFICIENT_FUNDS", "DELIVERED", "CANCELLED"]);

/** Statuses that move money: the page reads the balance again after them. */
export const paymentOutcomes: ReadonlySet<OrderStatus> = new Set(["PAID", "INSUFFICIENT_FUNDS"]);

/** An error the page shows as it is: a refused call, with the problem+json title when there is one. */
export class ShopError extends Error {}

function failure(what: string, status: number, error: unknown): ShopError {
  const detail = typeof error === "object" && error !== null && "title" in error ? `: ${String(error.title)}` : "";
  return new ShopError(`${what} failed (HTTP ${status})${detail}`);
}

export class Shop {
  private token: string | undefined;
  private readonly client: Client;

  constructor(baseUrl: string) {
    this.client = createClient({ baseUrl, token: () => this.token, timeoutMs: 10_000 });
  }

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  /** Registers `username` (an existing name is fine: the page signs in as it), then asks `issueToken` for a bearer token. */
  async signUp(username: string, issueToken: (username: string) => Promise<string>): Promise<void> {
    const registered = await registerUser(this.client, {
      body: { username, email: `${username}@example.com`, password: "correct horse battery", firstName: "Web", lastName: "Shopper" },
    });
    if (!registered.ok && registered.status !== 409) throw failure("registration", registered.status, registered.error);
    this.token = await issueToken(username);
  }

  async deposit(amount: number, currency: Currency): Promise<Account> {
    const deposited = await depositToAccount(this.client, { body: { amount, currency } });
    if (!deposited.ok) throw failure("deposit", deposited.status, deposited.error);
    return this.account();
  }

  async account(): Promise<Account> {
    const account = await getAccount(this.client);
    if (!account.ok) throw failure("reading the account", account.status, account.error);
    return account.data;
  }

  /** Places a one-line order; the SDK makes the Idempotency-Key and reuses it on retries. */
  async placeOrder(productId: string, price: number, quantity: number, currency: Currency): Promise<number> {
    const created = await createOrder(this.client, { body: { items: [{ productId, quantity, price }], currency } });
    if (!created.ok) throw failure("placing the order", created.status, created.error);
    return created.data.orderId;
  }

  /**
   * Calls `onChange` for every status change of the order, live, until it settles or `signal`
   * aborts. A PAID order is followed on: shipping and delivery may come after it.
   */
  async followStatus(orderId: number, onChange: (change: StreamOrderStatusEvent) => void, signal?: AbortSignal): Promise<void> {
    for await (const event of streamOrderStatus(this.client, { path: { orderId } }, signal ? { signal } : {})) {
      onChange(event.data);
      if (settledStatuses.has(event.data.status)) return;
    }
  }
}
