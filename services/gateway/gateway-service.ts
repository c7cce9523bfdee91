/**
 * The API gateway: the public REST API of contracts/openapi/gateway.yaml on the generated router.
 * It verifies the bearer JWT (the router's authenticate hook), drops any identity headers a
 * client sent, forwards the verified identity inward, and runs the order flow it was started
 * with (ORDER_FLOW). It also hosts the seeds' auth and report services and the status stream.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRACEPARENT_HEADER } from "@concordkit/runtime";
import { sendProblem } from "@concordkit/runtime/server";
import { restOperationOf, runInTrace, serveHttp, withHttpMetrics } from "@concordkit/runtime/service";
import { createGatewayRouter, gatewayContract } from "../../generated/openapi/gateway/server/index.js";
import { rolesHeader, usernameHeader, internalAuthHeader } from "../shared/auth/identity-headers.js";
import { createJwtVerifier } from "../shared/auth/jwt-verifier.js";
import { startMessaging } from "../shared/messaging/messaging.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { accountsApi } from "./accounts-api.js";
import { startAsyncOrders } from "./async-orders.js";
import { ordersApi } from "./orders-api.js";
import { reportsApi } from "./reports-api.js";
import { errorAnswer } from "./error-answers.js";
import { notificationsApi } from "./notifications-api.js";
import { requestScope } from "./request-scope.js";
import { startStatusFeed } from "./status-feed.js";
import { createGatewaySchema } from "./store.js";
import { createGatewayUpstreams } from "./upstreams.js";

export function startGateway(options: ContextOptions): Promise<RunningService> {
  return runService("gateway", options, start);
}

async function start(context: ServiceContext) {
  const { db, config, logger, metrics } = context;
  await createGatewaySchema(db);
  const messaging = await startMessaging(context);
  const upstreams = createGatewayUpstreams(context);
  const verify = await createJwtVerifier(config.jwt);
  const feed = await startStatusFeed(context, messaging);
  const asyncOrders = config.orderFlow === "async" ? await startAsyncOrders(context, messaging) : undefined;
  const reports = await reportsApi(context, messaging);

  const router = createGatewayRouter(
    {
      ...ordersApi(config, gatewayContract.basePath, upstreams, feed, asyncOrders),
      ...accountsApi(config, db, messaging, upstreams),
      fileReport: reports.fileReport,
      getReport: reports.getReport,
      ...notificationsApi(upstreams),
    },
    {
      async authenticate(credentials) {
        const bearer = credentials.find((entry) => entry.type === "bearer");
        const result = await verify(bearer ? `Bearer ${bearer.value}` : undefined);
        if (!result.ok) {
          logger.info("request rejected: bad token", { reason: result.reason });
          return undefined;
        }
        const scope = requestScope.getStore();
        if (scope) scope.identity = result.identity;
        return { subject: result.identity.username, claims: { roles: result.identity.roles } };
      },
      onError: (error, operationId) => errorAnswer(logger, error, operationId),
    },
  );

  const listener = withHttpMetrics(
    metrics,
    (request: IncomingMessage, response: ServerResponse) => {
      // Identity comes from the token only: whatever a client claims in these headers is dropped.
      delete request.headers[usernameHeader];
      delete request.headers[rolesHeader];
      delete request.headers[internalAuthHeader];
      // The client's trace (or a new one) follows the request inward: RPC headers, Kafka records, logs.
      const traceparent = request.headers[TRACEPARENT_HEADER];
      runInTrace(typeof traceparent === "string" ? traceparent : undefined, () =>
        requestScope.run({}, () => {
          router(request, response).catch((error: unknown) => {
            const answer = errorAnswer(logger, error, "router");
            if (!response.headersSent) sendProblem(response, answer.problem, answer.headers);
          });
        }),
      );
    },
    restOperationOf(gatewayContract),
  );
  const server = await serveHttp(listener, { host: config.host, port: context.port });
  return {
    ports: { api: server.port },
    async stop() {
      // At once: an open status stream would hold the stop for the whole grace period.
      await server.close(0);
      await reports.stop();
      await asyncOrders?.stop();
      await feed.stop();
      await messaging.stop();
    },
  };
}
