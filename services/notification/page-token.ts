/**
 * The page token of ListNotifications: the position after which a page starts, newest first, as
 * `<sentAt>.<base64url(notificationId)>` (the gateway's `NotificationCursor`). Every string of that
 * form is a position, so a client can only ever get a page (maybe an empty one) for it.
 */
export interface PagePosition {
  sentAt: number;
  notificationId: string;
}

const FORM = /^([0-9]{1,15})\.([A-Za-z0-9_-]{1,400})$/;

export function pageToken(position: PagePosition): string {
  return `${position.sentAt}.${Buffer.from(position.notificationId, "utf8").toString("base64url")}`;
}

/** The position a token names; undefined when it is not of the form. */
export function pagePosition(token: string): PagePosition | undefined {
  const match = FORM.exec(token);
  if (!match) return undefined;
  return { sentAt: Number(match[1]), notificationId: Buffer.from(match[2]!, "base64url").toString("utf8") };
}
