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
  return { sentAt: Number(match[1]), notificationId: comparableId(Buffer.from(match[2]!, "base64url").toString("utf8")) };
}

/**
 * A notification id as a query parameter. Real ids never hold U+0000, which neither SQLite nor
 * PostgreSQL takes in a text parameter, but a token of the documented form may decode to one
 * that does (found by the contract fuzzer: `04869.3d7tANW3NacjxnWRTbW8`). Among ids without
 * U+0000, `id` sorts exactly where its part before the first U+0000 followed by U+0001 sorts, so
 * the page is the same and the store never sees the U+0000.
 */
function comparableId(id: string): string {
  const nul = id.indexOf("\u0000");
  return nul === -1 ? id : `${id.slice(0, nul)}\u0001`;
}
