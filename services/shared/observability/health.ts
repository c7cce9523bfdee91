/**
 * What `/healthz` reports: every consumer group the process runs. The process is healthy only
 * while each of them has joined its group and is consuming (not starting, not crashed, not
 * rejoining), so an orchestrator stops routing to it, or restarts it, while one is not.
 */
import type { ConsumerHealth } from "@concordkit/runtime/kafka";

export interface HealthSource {
  health(): readonly ConsumerHealth[];
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly groups: readonly ConsumerHealth[];
}

export interface HealthChecks {
  /** Adds a consumer (or requester) whose groups must be running for the process to be healthy. */
  watch(source: HealthSource): void;
  report(): HealthReport;
}

export function createHealthChecks(): HealthChecks {
  const sources: HealthSource[] = [];
  return {
    watch: (source) => void sources.push(source),
    report() {
      const groups = sources.flatMap((source) => source.health());
      return { healthy: groups.every((group) => group.running), groups };
    },
  };
}
