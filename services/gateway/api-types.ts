/** The gateway's REST shapes, as the generated OpenAPI types define them. */
import type { components, Readable, Writable } from "../../generated/openapi/gateway/types.js";

type Schemas = components["schemas"];

export type Order = Readable<Schemas["Order"]>;
export type OrderInput = Writable<Schemas["Order"]>;
export type OrderStatusChanged = Readable<Schemas["OrderStatusChanged"]>;
export type OrderStatus = Schemas["OrderStatus"];
export type Currency = Schemas["Currency"];
export type NotificationType = Schemas["NotificationType"];
export type User = Readable<Schemas["User"]>;
export type Account = Readable<Schemas["Account"]>;
export type Report = Readable<Schemas["Report"]>;
export type Problem = Readable<Schemas["Problem"]>;

/**
 * A currency code read back from an inner service, as the REST type. Accounts and orders only
 * come into being through this API, whose router admits the contract's currencies alone, and in
 * the deployment's currency (`CURRENCY`, which must be one of them), so the code is one of them.
 */
export function restCurrency(code: string): Currency {
  return code as Currency;
}
