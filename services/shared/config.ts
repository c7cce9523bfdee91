/**
 * Service configuration from the environment, read once at start. Every value has a default that
 * runs the whole system on one machine; tests pass overrides instead of touching process.env.
 */
export type OrderFlow = "sync" | "async" | "hybrid";

export const orderFlows: readonly OrderFlow[] = ["sync", "async", "hybrid"];

export interface JwtConfig {
  /** Algorithms a token may be signed with; `none` is never accepted whatever this says. */
  algorithms: string[];
  /** HMAC secret (HS256/384/512). */
  secret?: string;
  /** SPKI PEM public key (RS*, PS*, ES*, EdDSA). */
  publicKeyPem?: string;
  /** Path of a JWKS JSON file; keys are picked by `kid`. */
  jwksFile?: string;
  issuer?: string;
  audience?: string;
}

export interface ServiceConfig {
  /** Interface every server binds; loopback unless a deployment says otherwise. */
  host: string;
  /** `host:port` list of the Kafka brokers. */
  kafkaBrokers: string[];
  /** PostgreSQL connection string; the embedded SQLite store is used when absent. */
  databaseUrl?: string;
  /** Folder of the embedded SQLite files (`:memory:` keeps them in memory). */
  dataDir: string;
  orderFlow: OrderFlow;
  /** Shared secret the gateway sends inward so inner services trust its identity headers. */
  internalSecret: string;
  jwt: JwtConfig;
  logLevel: string;
  /** The one currency of accounts and orders (ISO 4217). */
  currency: string;
  /** Appended to every consumer group id, so several systems can share one broker. */
  groupSuffix: string;
  /** Extra time the notification sender (a simulator) takes per notification; the benchmark's "slow notification". */
  notifyDelayMs: number;
  /** Time between two stages of a shipment in the courier simulator of the delivery service. */
  deliveryStepMs: number;
}

const defaultDevSecret = "concord-dev-secret-change-me-0123456789";

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const jwt: JwtConfig = {
    algorithms: list(env.JWT_ALGORITHMS) ?? ["HS256"],
    secret: env.JWT_SECRET ?? (env.JWT_PUBLIC_KEY || env.JWT_JWKS_FILE ? undefined : defaultDevSecret),
  };
  if (env.JWT_PUBLIC_KEY) jwt.publicKeyPem = env.JWT_PUBLIC_KEY;
  if (env.JWT_JWKS_FILE) jwt.jwksFile = env.JWT_JWKS_FILE;
  if (env.JWT_ISSUER) jwt.issuer = env.JWT_ISSUER;
  if (env.JWT_AUDIENCE) jwt.audience = env.JWT_AUDIENCE;
  const config: ServiceConfig = {
    host: env.HOST ?? "127.0.0.1",
    kafkaBrokers: list(env.KAFKA_BROKERS) ?? ["127.0.0.1:9092"],
    dataDir: env.DATA_DIR ?? ".data",
    orderFlow: parseOrderFlow(env.ORDER_FLOW ?? "hybrid"),
    internalSecret: env.INTERNAL_SECRET ?? defaultDevSecret,
    jwt,
    logLevel: env.LOG_LEVEL ?? "info",
    currency: env.CURRENCY ?? "EUR",
    groupSuffix: env.GROUP_SUFFIX ?? "",
    notifyDelayMs: Number(env.NOTIFY_DELAY_MS ?? 0) || 0,
    deliveryStepMs: Number(env.DELIVERY_STEP_MS ?? 200) || 200,
  };
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  return config;
}

export function parseOrderFlow(value: string): OrderFlow {
  const flow = orderFlows.find((candidate) => candidate === value);
  if (!flow) throw new Error(`ORDER_FLOW must be one of ${orderFlows.join(", ")}; got "${value}"`);
  return flow;
}

/** A port from the environment, or 0 (the OS picks a free one). */
export function portFrom(env: NodeJS.ProcessEnv, name: string): number {
  const value = env[name];
  if (value === undefined || value === "") return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} must be a port number; got "${value}"`);
  return port;
}

function list(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}
