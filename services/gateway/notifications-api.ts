/** `listNotifications`: the caller's sent notifications, a page at a time, from the notification service. */
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { ListNotificationsHandler } from "../../generated/openapi/gateway/server/handlers.js";
import { NotificationType as ProtoType } from "../../generated/proto/notification/v1/notification_pb.js";
import type { NotificationType } from "./api-types.js";
import { upstreamProblem } from "./upstream-errors.js";
import type { GatewayUpstreams } from "./upstreams.js";

const protoType: Record<NotificationType, ProtoType> = { EMAIL: ProtoType.EMAIL, SMS: ProtoType.SMS, PUSH: ProtoType.PUSH };
const restType: Record<ProtoType, NotificationType> = {
  [ProtoType.UNSPECIFIED]: "EMAIL",
  [ProtoType.EMAIL]: "EMAIL",
  [ProtoType.SMS]: "SMS",
  [ProtoType.PUSH]: "PUSH",
};

export function notificationsApi(upstreams: GatewayUpstreams): { listNotifications: ListNotificationsHandler } {
  return {
    async listNotifications({ query, context }) {
      try {
        // Whose notifications: the verified token's subject, never anything the request says.
        const page = await upstreams.notification.listNotifications({
          username: context.principal!.subject,
          pageSize: query.limit,
          pageToken: query.cursor ?? "",
          type: query.type ? protoType[query.type] : ProtoType.UNSPECIFIED,
        });
        return {
          status: 200,
          body: {
            items: page.notifications.map((sent) => ({
              notificationId: sent.notificationId,
              type: restType[sent.type],
              subject: sent.subject,
              content: sent.content,
              sentAt: sent.sentAt ? timestampMs(sent.sentAt) : 0,
            })),
            ...(page.nextPageToken ? { nextCursor: page.nextPageToken } : {}),
          },
        };
      } catch (error) {
        const failure = upstreamProblem(error, "notification");
        return { status: 400, body: failure.body };
      }
    },
  };
}
