/**
 * How long the service tests wait, derived from the timeouts the system is configured with, so a
 * change of a timeout changes the waits with it instead of turning a test flaky.
 */
import { consumerDefaults } from "../../runtime/src/kafka/consumer.js";
import { asyncOrderTimeoutMs } from "../../services/gateway/async-orders.js";

/** A member that vanished (kill, broker restart) is dropped after the session timeout; the rebalance that follows takes at most the rebalance timeout. */
export const groupRecoveryMs = consumerDefaults.sessionTimeout + consumerDefaults.rebalanceTimeout;

/** After a fault is over: the groups recover, then the work held back flows (at most one async outcome wait). */
export const afterFaultMs = groupRecoveryMs + asyncOrderTimeoutMs;

/** Until `/healthz` reports a group whose coordinator went away: the health's contact window (session + rebalance timeout), plus a few heartbeats. */
export const unhealthyWithinMs =
  consumerDefaults.sessionTimeout + consumerDefaults.rebalanceTimeout + 5 * consumerDefaults.heartbeatInterval;

/** A quiet window after the expected count was reached, in which a late duplicate would still show. */
export const duplicateWindowMs = 2 * consumerDefaults.maxWaitTimeInMs;
