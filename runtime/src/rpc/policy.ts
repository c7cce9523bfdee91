import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import type { RetryPolicy } from "../retry.js";

/** How calls to one method behave; the generated client fills it from the contract. */
export interface MethodReliability {
  /** Deadline of one logical call, all attempts included, in milliseconds; 0 means none. */
  deadlineMs?: number;
  /** The method wants an `idempotency-key` header: the client adds one when the caller gives none. */
  idempotencyKeyRequired?: boolean;
  /** Backoff for retries; `false` never retries this method. */
  retry?: RetryPolicy | false;
}

/** Per-method settings keyed by the method's local name (`charge`, `watchPayment`). */
export type MethodTable<S extends DescService> = { [K in keyof S["method"]]?: MethodReliability };

/** What the generated client knows from the contract: the service default and each method's own. */
export interface ServiceReliability<S extends DescService> {
  defaultDeadlineMs?: number;
  methods: MethodTable<S>;
}

export interface ResolvedPolicy {
  deadlineMs: number | undefined;
  idempotencyKeyRequired: boolean;
  retry: RetryPolicy | false;
}

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/**
 * Merges, most specific first: the caller's per-method override, the contract's method value,
 * the caller's service-wide setting, the contract's service default.
 */
export function resolvePolicy(
  method: DescMethod,
  contract: { defaultDeadlineMs?: number; methods: Record<string, MethodReliability | undefined> },
  overrides: { defaultDeadlineMs?: number; retry?: RetryPolicy | false; methods?: Record<string, MethodReliability | undefined> },
  fallbackRetry: RetryPolicy,
): ResolvedPolicy {
  const own = { ...contract.methods[method.localName], ...overrides.methods?.[method.localName] };
  const deadlineMs = own.deadlineMs ?? overrides.defaultDeadlineMs ?? contract.defaultDeadlineMs;
  return {
    deadlineMs: deadlineMs && deadlineMs > 0 ? deadlineMs : undefined,
    idempotencyKeyRequired: own.idempotencyKeyRequired ?? false,
    retry: own.retry ?? overrides.retry ?? fallbackRetry,
  };
}

/** Methods the contract marks `NO_SIDE_EFFECTS` or `IDEMPOTENT` may be sent again without a key. */
export function isSafeToRepeat(method: DescMethod): boolean {
  return (
    method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS ||
    method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT
  );
}
