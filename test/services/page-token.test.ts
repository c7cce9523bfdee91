/**
 * The notification list's page token: every token of the documented form names a position the
 * store can take, including one whose id decodes to U+0000 (found by the contract fuzzer in CI).
 */
import { describe, expect, it } from "vitest";
import { pagePosition, pageToken } from "../../services/notification/page-token.js";
import { createNotificationSchema, recordSent, sentPage } from "../../services/notification/store.js";
import { openSqlite } from "../../services/shared/storage/sqlite.js";

const FUZZED = "04869.3d7tANW3NacjxnWRTbW8"; // its id decodes to bytes with a 0x00

describe("notification page tokens", () => {
  it("round-trips a position the service gave out", () => {
    const position = { sentAt: 1_700_000_000_000, notificationId: "3f1c2a9e-0b6d-4c1e-9a51-2d8f7e6b5a40" };
    expect(pagePosition(pageToken(position))).toEqual(position);
  });

  it("gives an id with U+0000 a stand-in that sorts the same among ids without it", () => {
    const decoded = Buffer.from(FUZZED.split(".")[1]!, "base64url").toString("utf8");
    expect(decoded).toContain("\u0000");
    const id = pagePosition(FUZZED)!.notificationId;
    expect(id).not.toContain("\u0000");
    const prefix = decoded.slice(0, decoded.indexOf("\u0000"));
    const real = ["", prefix.slice(0, 2), prefix, `${prefix}\u0001`, `${prefix}\u0001x`, `${prefix}a`, `${prefix}\uffff`, "zzz", "3f1c"];
    for (const other of real) expect([other, other < id]).toEqual([other, other < decoded]);
  });

  it("lists a page after such a token from the SQLite store instead of failing", async () => {
    const db = openSqlite(":memory:");
    await createNotificationSchema(db);
    const sent = { requestId: "r", username: "alice", type: "EMAIL" as const, subject: "s", content: "c", recipient: "a@example.com" };
    await db.transaction(async (tx) => {
      await recordSent(tx, { ...sent, notificationId: "a", sentAt: 4000 });
      await recordSent(tx, { ...sent, requestId: "r2", notificationId: "b", sentAt: 5000 });
    });
    const { page } = await sentPage(db, { username: "alice", pageSize: 10, after: pagePosition(FUZZED)! });
    expect(page.map((n) => n.notificationId)).toEqual(["a"]);
    await db.close();
  });
});
