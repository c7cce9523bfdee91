import { describe, expect, it } from "vitest";
import { autoIdColumn, toNumber } from "../../services/shared/storage/database.js";
import { numberPlaceholders } from "../../services/shared/storage/postgres.js";
import { openSqlite } from "../../services/shared/storage/sqlite.js";

describe("embedded SQLite store", () => {
  it("commits a transaction as a whole and rolls it back as a whole", async () => {
    const db = openSqlite(":memory:");
    await db.execute(`CREATE TABLE t (id ${autoIdColumn(db)}, name TEXT NOT NULL UNIQUE)`);
    const [row] = await db.transaction(async (tx) => {
      await tx.execute("INSERT INTO t (name) VALUES (?)", ["a"]);
      return tx.query("SELECT id FROM t WHERE name = ?", ["a"]);
    });
    expect(toNumber(row?.id)).toBe(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute("INSERT INTO t (name) VALUES (?)", ["b"]);
        await tx.execute("INSERT INTO t (name) VALUES (?)", ["a"]);
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await db.query("SELECT name FROM t ORDER BY id")).toEqual([{ name: "a" }]);
    await db.close();
  });

  it("does not interleave concurrent async transactions", async () => {
    const db = openSqlite(":memory:");
    await db.execute("CREATE TABLE counter (n INTEGER NOT NULL)");
    await db.execute("INSERT INTO counter (n) VALUES (0)");
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query("SELECT n FROM counter");
          await new Promise((resolve) => setImmediate(resolve));
          await tx.execute("UPDATE counter SET n = ?", [toNumber(row?.n) + 1]);
        }),
      ),
    );
    expect(await db.query("SELECT n FROM counter")).toEqual([{ n: 20 }]);
    await db.close();
  });

  it("refuses text with U+0000 rather than store what it would read back cut short", async () => {
    const db = openSqlite(":memory:");
    await db.execute("CREATE TABLE t (name TEXT NOT NULL)");
    await expect(db.execute("INSERT INTO t (name) VALUES (?)", ["\u0000spam"])).rejects.toThrow("SQLite parameter 1 contains U+0000");
    await db.execute("INSERT INTO t (name) VALUES (?)", ["spam\u001f"]);
    expect(await db.query("SELECT name FROM t")).toEqual([{ name: "spam\u001f" }]);
    await db.close();
  });
});

describe("PostgreSQL placeholders", () => {
  it("numbers ? outside string literals", () => {
    expect(numberPlaceholders("SELECT '?' AS q, a FROM t WHERE a = ? AND b = ?")).toBe("SELECT '?' AS q, a FROM t WHERE a = $1 AND b = $2");
  });
});
