/**
 * Profiles of the user service. A profile may first be created from `users.registered` (username
 * and e-mail only) and then completed by CreateProfile, or the other way round: both merge.
 */
import { toNumber, toText, type Row, type SqlDatabase } from "../shared/storage/database.js";

export interface ProfileRecord {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  registeredAt: number;
}

export async function createUserSchema(db: SqlDatabase): Promise<void> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS profiles (username TEXT PRIMARY KEY, email TEXT NOT NULL, first_name TEXT NOT NULL,
      last_name TEXT NOT NULL, phone TEXT NOT NULL, registered_at BIGINT NOT NULL)`,
  );
}

/** Inserts the profile, or fills in the fields an earlier, partial one left empty; returns the stored profile. */
export async function upsertProfile(db: SqlDatabase, profile: ProfileRecord): Promise<ProfileRecord> {
  return db.transaction(async (tx) => {
    await tx.execute(
      `INSERT INTO profiles (username, email, first_name, last_name, phone, registered_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET
         email = CASE WHEN profiles.email = '' THEN excluded.email ELSE profiles.email END,
         first_name = CASE WHEN profiles.first_name = '' THEN excluded.first_name ELSE profiles.first_name END,
         last_name = CASE WHEN profiles.last_name = '' THEN excluded.last_name ELSE profiles.last_name END,
         phone = CASE WHEN profiles.phone = '' THEN excluded.phone ELSE profiles.phone END`,
      [profile.username, profile.email, profile.firstName, profile.lastName, profile.phone, profile.registeredAt],
    );
    const [row] = await tx.query("SELECT * FROM profiles WHERE username = ?", [profile.username]);
    return profileOf(row!);
  });
}

export async function findProfile(db: SqlDatabase, username: string): Promise<ProfileRecord | undefined> {
  const [row] = await db.query("SELECT * FROM profiles WHERE username = ?", [username]);
  return row && profileOf(row);
}

function profileOf(row: Row): ProfileRecord {
  return {
    username: toText(row.username),
    email: toText(row.email),
    firstName: toText(row.first_name),
    lastName: toText(row.last_name),
    phone: toText(row.phone),
    registeredAt: toNumber(row.registered_at),
  };
}
