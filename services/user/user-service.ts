/**
 * The user (profile) service: the Connect UserService (read and create profiles; the gateway and
 * the sync flow call it) and its Kafka side (a profile from `users.registered`; answers on
 * `users.profile` → `users.profile.response` for the notification service).
 */
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { tracedHandlers } from "@concordkit/runtime/kafka";
import { startUserServiceConsumer, userServiceConsumerGroups } from "../../generated/asyncapi/user-service/consumer.js";
import { userServiceTopics } from "../../generated/asyncapi/user-service/topics.js";
import { mountUserService, type UserServiceHandler } from "../../generated/proto/user/v1/user_service_server.js";
import { startMessaging } from "../shared/messaging/messaging.js";
import { serveInnerRpc } from "../shared/rpc.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { createUserSchema, findProfile, upsertProfile, type ProfileRecord } from "./store.js";

export function startUserService(options: ContextOptions): Promise<RunningService> {
  return runService("user", options, start);
}

async function start(context: ServiceContext) {
  const { db, kafka } = context;
  await createUserSchema(db);
  const messaging = await startMessaging(context);
  const consumer = await startUserServiceConsumer(
    kafka,
    tracedHandlers({
      async onUserRegistered({ payload }) {
        await upsertProfile(db, {
          username: payload.username,
          email: payload.email,
          firstName: "",
          lastName: "",
          phone: "",
          registeredAt: payload.registeredAt,
        });
      },
      async onUserProfileRequested({ payload }) {
        const profile = await findProfile(db, payload.username);
        if (!profile) return { requestId: payload.requestId, username: payload.username, found: false };
        return {
          requestId: payload.requestId,
          username: profile.username,
          found: true,
          email: profile.email,
          ...(profile.firstName ? { firstName: profile.firstName } : {}),
          ...(profile.lastName ? { lastName: profile.lastName } : {}),
          ...(profile.phone ? { phone: profile.phone } : {}),
        };
      },
    }),
    messaging.consumerOptions(),
  );
  await messaging.joined(consumer, { groups: userServiceConsumerGroups, topics: userServiceTopics });

  const server = await serveInnerRpc(context, (router, options) => mountUserService(router, handler(context), options));
  return {
    ports: { api: server.port },
    async stop() {
      await server.close();
      await consumer.stop();
      await messaging.stop();
    },
  };
}

function handler(context: ServiceContext): UserServiceHandler {
  const { db } = context;
  return {
    async getProfile(request) {
      const profile = await findProfile(db, request.username);
      if (!profile) throw new ConnectError(`no profile for ${request.username}`, Code.NotFound);
      return { profile: toProto(profile) };
    },
    async createProfile(request) {
      const profile = await upsertProfile(db, {
        username: request.username,
        email: request.email,
        firstName: request.firstName,
        lastName: request.lastName,
        phone: request.phone,
        registeredAt: Date.now(),
      });
      return { profile: toProto(profile) };
    },
  };
}

function toProto(profile: ProfileRecord) {
  return {
    username: profile.username,
    email: profile.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    phone: profile.phone,
    registeredAt: timestampFromMs(profile.registeredAt),
  };
}
