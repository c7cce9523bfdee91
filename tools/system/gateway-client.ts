/**
 * A plain-fetch client of the gateway for the service tests: what a user does with curl —
 * register, get a token (the development issuer), deposit, order, follow the status stream.
 */
import { randomUUID } from "node:crypto";
import { issueToken } from "../../services/shared/auth/token-issuer.js";

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    private readonly jwtSecret: string,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(45_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  /** Registers a fresh user and returns its name and a token for it. */
  async newUser(prefix = "user"): Promise<{ username: string; token: string }> {
    const username = `${prefix}-${randomUUID().slice(0, 8)}`;
    const registered = await this.request("POST", "/user", {
      body: { username, email: `${username}@example.com`, password: "correct horse battery", firstName: "Test", lastName: "User" },
    });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    return { username, token: await issueToken(this.jwtSecret, { username }) };
  }

  async deposit(token: string, amount: number, key: string = randomUUID()): Promise<HttpResult> {
    return this.request("POST", "/account/deposit", { token, body: { amount, currency: "EUR" }, headers: { "Idempotency-Key": key } });
  }

  async createOrder(token: string, price: number, key: string = randomUUID()): Promise<HttpResult> {
    return this.request("POST", "/order", {
      token,
      body: { items: [{ productId: "book-1", quantity: 1, price }], currency: "EUR" },
      headers: { "Idempotency-Key": key },
    });
  }

  /** Reads the order's status stream until it ends (the order reached a final status) or `timeoutMs`. */
  async statusStream(
    token: string,
    orderId: number,
    timeoutMs = 30_000,
  ): Promise<Array<{ id: string; data: { status: string; previousStatus?: string } }>> {
    const response = await fetch(`${this.baseUrl}/api/v1/order/${orderId}/status-stream`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) throw new Error(`status stream: ${response.status} ${await response.text()}`);
    const events: Array<{ id: string; data: { status: string; previousStatus?: string } }> = [];
    for (const block of (await response.text()).split("\n\n")) {
      const lines = block.split("\n");
      const data = lines
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .join("\n");
      const id =
        lines
          .find((line) => line.startsWith("id:"))
          ?.slice(3)
          .trim() ?? "";
      if (data) events.push({ id, data: JSON.parse(data) });
    }
    return events;
  }
}
