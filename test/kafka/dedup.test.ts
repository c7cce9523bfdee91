/** The dedup stores the consumer loop consults (no broker needed). */
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { InMemoryDedupStore, SqliteDedupStore } from "../../runtime/src/kafka/dedup.js";

describe("dedup stores", () => {
  it("in memory: remembers handled ids and forgets the oldest beyond its capacity", async () => {
    const store = new InMemoryDedupStore(2);
    expect(await store.seen("a")).toBe(false);
    await store.remember("a");
    await store.remember("b");
    expect(await store.seen("a")).toBe(true);
    await store.remember("c");
    expect([await store.seen("a"), await store.seen("b"), await store.seen("c")]).toEqual([false, true, true]);
  });

  it("SQLite: remembered ids survive a new connection to the same database", async () => {
    const db = new DatabaseSync(":memory:");
    const store = new SqliteDedupStore(db, { table: "handled" });
    await store.remember("m-1");
    await store.remember("m-1");
    expect(await store.seen("m-1")).toBe(true);
    expect(await new SqliteDedupStore(db, { table: "handled" }).seen("m-1")).toBe(true);
    expect(await store.seen("m-2")).toBe(false);
    expect(() => new SqliteDedupStore(db, { table: "x; DROP TABLE handled" })).toThrow(/identifier/);
  });

  it("SQLite: claim records the id in the caller's transaction, so a rolled-back handler leaves it unhandled", async () => {
    const db = new DatabaseSync(":memory:");
    const store = new SqliteDedupStore(db);
    db.exec("BEGIN");
    expect(await store.claim(db, "m-1")).toBe(true);
    db.exec("ROLLBACK");
    expect(await store.seen("m-1")).toBe(false);
    db.exec("BEGIN");
    expect(await store.claim(db, "m-1")).toBe(true);
    db.exec("COMMIT");
    expect(await store.claim(db, "m-1")).toBe(false);
    expect(await store.seen("m-1")).toBe(true);
  });
});
