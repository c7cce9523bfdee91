/** `ListNotifications`: one page of what was sent to a user, newest first, optionally one channel only. */
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { NotificationType } from "../../generated/proto/notification/v1/notification_pb.js";
import type { NotificationServiceHandler } from "../../generated/proto/notification/v1/notification_service_server.js";
import type { SqlDatabase } from "../shared/storage/database.js";
import { pagePosition, pageToken } from "./page-token.js";
import { sentPage, type Channel } from "./store.js";

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

const channelFilter: Record<NotificationType, Channel | undefined> = {
  [NotificationType.UNSPECIFIED]: undefined,
  [NotificationType.EMAIL]: "EMAIL",
  [NotificationType.SMS]: "SMS",
  [NotificationType.PUSH]: "PUSH",
};

const protoType: Record<Channel, NotificationType> = {
  EMAIL: NotificationType.EMAIL,
  SMS: NotificationType.SMS,
  PUSH: NotificationType.PUSH,
};

export function listNotifications(db: SqlDatabase): NotificationServiceHandler["listNotifications"] {
  return async (request) => {
    if (!request.username) throw new ConnectError("username is required", Code.InvalidArgument);
    if (request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE)
      throw new ConnectError(`page_size must be 0 to ${MAX_PAGE_SIZE}`, Code.InvalidArgument);
    const after = request.pageToken ? pagePosition(request.pageToken) : undefined;
    if (request.pageToken && !after) throw new ConnectError("page_token is not one this service gave out", Code.InvalidArgument);
    const type = channelFilter[request.type];
    const { page, more } = await sentPage(db, {
      username: request.username,
      pageSize: request.pageSize || DEFAULT_PAGE_SIZE,
      ...(after ? { after } : {}),
      ...(type ? { type } : {}),
    });
    const last = page.at(-1);
    return {
      notifications: page.map((sent) => ({
        notificationId: sent.notificationId,
        type: protoType[sent.type],
        subject: sent.subject,
        content: sent.content,
        sentAt: timestampFromMs(sent.sentAt),
      })),
      nextPageToken: more && last ? pageToken(last) : "",
    };
  };
}
