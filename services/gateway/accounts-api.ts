/** `registerUser`, `getUser`, `getAccount`, `depositToAccount`: registration (the seeds' auth service) and the caller's account. */
import { Code, ConnectError } from "@connectrpc/connect";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { IDEMPOTENCY_KEY_HEADER } from "@concordkit/runtime/rpc";
import { problem } from "@concordkit/runtime/server";
import { userRegisteredMessage } from "../../generated/asyncapi/channels/users-registered.js";
import type {
  DepositToAccountHandler,
  GetAccountHandler,
  GetUserHandler,
  RegisterUserHandler,
} from "../../generated/openapi/gateway/server/handlers.js";
import type { Money } from "../../generated/proto/payment/v1/payment_pb.js";
import type { ServiceConfig } from "../shared/config.js";
import { enqueue, type Messaging } from "../shared/messaging/messaging.js";
import type { SqlDatabase } from "../shared/storage/database.js";
import { restCurrency } from "./api-types.js";
import { insertCredential } from "./store.js";
import { upstreamProblem } from "./upstream-errors.js";
import type { GatewayUpstreams } from "./upstreams.js";

export interface AccountsApi {
  registerUser: RegisterUserHandler;
  getUser: GetUserHandler;
  getAccount: GetAccountHandler;
  depositToAccount: DepositToAccountHandler;
}

export function accountsApi(config: ServiceConfig, db: SqlDatabase, messaging: Messaging, upstreams: GatewayUpstreams): AccountsApi {
  return {
    async registerUser({ body }) {
      const registeredAt = Date.now();
      try {
        await upstreams.user.createProfile({
          username: body.username,
          email: body.email,
          firstName: body.firstName,
          lastName: body.lastName,
          phone: body.phone ?? "",
        });
      } catch (error) {
        const failure = upstreamProblem(error, "user");
        return failure.status === 404 ? { status: 400, body: failure.body } : failure;
      }
      const created = await db.transaction(async (tx) => {
        if (!(await insertCredential(tx, body.username, body.password, registeredAt))) return false;
        await enqueue(tx, userRegisteredMessage, { username: body.username, email: body.email, registeredAt, source: "web" });
        return true;
      });
      if (!created) return { status: 409, body: problem(409, `the username ${body.username} is taken`) };
      messaging.outbox.wake();
      if (config.orderFlow === "sync") {
        // Seed 003: registration opens the billing account synchronously (the event is still published).
        try {
          await upstreams.payment.createAccount({ username: body.username, currency: config.currency });
        } catch (error) {
          const failure = upstreamProblem(error, "payment");
          return failure.status === 404 ? { status: 400, body: failure.body } : failure;
        }
      }
      const { password: _password, ...profile } = body;
      return { status: 201, body: { ...profile, registeredAt } };
    },

    async getUser({ path }) {
      try {
        const { profile } = await upstreams.user.getProfile({ username: path.username });
        if (!profile) return { status: 404, body: problem(404, `no user ${path.username}`) };
        return {
          status: 200,
          body: {
            username: profile.username,
            email: profile.email,
            firstName: profile.firstName,
            lastName: profile.lastName,
            ...(profile.phone ? { phone: profile.phone } : {}),
            registeredAt: profile.registeredAt ? timestampMs(profile.registeredAt) : 0,
          },
        };
      } catch (error) {
        const failure = upstreamProblem(error, "user");
        return failure.status === 409 ? { status: 400, body: failure.body } : failure;
      }
    },

    async getAccount({ context }) {
      const username = context.principal!.subject;
      try {
        const { balance } = await upstreams.payment.getBalance({ username });
        return { status: 200, body: accountBody(username, balance, config.currency) };
      } catch (error) {
        // No account yet (users.registered not consumed yet): an empty one.
        if (error instanceof ConnectError && error.code === Code.NotFound) {
          return { status: 200, body: accountBody(username, undefined, config.currency) };
        }
        upstreamProblem(error, "payment");
        throw error;
      }
    },

    async depositToAccount({ body, headers, context }) {
      const username = context.principal!.subject;
      try {
        const { balance } = await upstreams.payment.deposit(
          { username, amount: { amount: BigInt(body.amount), currency: body.currency } },
          { headers: { [IDEMPOTENCY_KEY_HEADER]: headers["Idempotency-Key"] } },
        );
        return { status: 200, body: accountBody(username, balance, body.currency) };
      } catch (error) {
        const failure = upstreamProblem(error, "payment");
        return failure.status === 409 ? failure : { status: 400, body: failure.body };
      }
    },
  };
}

/** The caller's account as the REST contract shows it: the payment service's balance, or an empty one in `currency`. */
function accountBody(username: string, balance: Money | undefined, currency: string) {
  return { username, balance: Number(balance?.amount ?? 0n), currency: restCurrency(balance?.currency ?? currency), updatedAt: Date.now() };
}
