/**
 * The Apache Kafka jars the broker runs from: resolved from Maven Central with ./pom.xml, copied
 * once into .cache/kafka/<version>/libs and reused by later runs.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const KAFKA_VERSION = "3.9.1";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

const pom = fileURLToPath(new URL("./pom.xml", import.meta.url));

/** Where the jars of `version` live once resolved. */
export function kafkaLibsDir(version = KAFKA_VERSION): string {
  return join(repoRoot, ".cache/kafka", version, "libs");
}

/**
 * Returns the folder holding the broker's jars, running Maven first when the cache is empty.
 * Maven writes into a private folder that is renamed into place, so a run killed half-way or
 * two runs resolving at once never leave a partial cache behind.
 */
export async function ensureKafkaJars(version = KAFKA_VERSION): Promise<string> {
  const libs = kafkaLibsDir(version);
  if (existsSync(join(libs, `kafka_2.13-${version}.jar`))) return libs;
  const staging = `${libs}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const args = [
    "-q",
    "-B",
    "-f",
    pom,
    `-Dkafka.version=${version}`,
    "dependency:copy-dependencies",
    `-DoutputDirectory=${staging}`,
    "-DincludeScope=runtime",
  ];
  try {
    await promisify(execFile)("mvn", args, { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(
      `could not resolve org.apache.kafka:kafka_2.13:${version} with Maven (mvn ${args.join(" ")}):\n` +
        `${output.stdout ?? ""}${output.stderr ?? ""}`,
      { cause: error },
    );
  }
  try {
    await rename(staging, libs);
  } catch (error) {
    // Another run finished first: its folder is as good as ours.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(libs)) throw error;
  }
  return libs;
}
