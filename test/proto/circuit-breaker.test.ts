import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { CircuitBreaker, isCircuitOpen } from "../../runtime/src/rpc/circuit-breaker.js";

function breakerWithClock(threshold = 2, coolDownMs = 1_000) {
  const clock = { now: 0 };
  const states: string[] = [];
  const breaker = new CircuitBreaker("upstream", {
    failureThreshold: threshold,
    coolDownMs,
    now: () => clock.now,
    onStateChange: (state) => states.push(state),
  });
  return { breaker, clock, states };
}

const unavailable = new ConnectError("down", Code.Unavailable);
const notFound = new ConnectError("no such thing", Code.NotFound);

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive upstream failures and then fails fast", () => {
    const { breaker } = breakerWithClock(2);
    breaker.acquire();
    breaker.onError(unavailable);
    expect(breaker.state).toBe("closed");
    breaker.acquire();
    breaker.onError(unavailable);
    expect(breaker.state).toBe("open");
    let thrown: unknown;
    try {
      breaker.acquire();
    } catch (error) {
      thrown = error;
    }
    expect(isCircuitOpen(thrown)).toBe(true);
    expect((thrown as ConnectError).code).toBe(Code.Unavailable);
  });

  it("does not count answers such as NotFound, and a success resets the count", () => {
    const { breaker } = breakerWithClock(2);
    breaker.onError(unavailable);
    breaker.onError(notFound);
    breaker.onSuccess();
    breaker.onError(unavailable);
    expect(breaker.state).toBe("closed");
  });

  it("lets exactly one probe through after the cool-down; success closes the circuit", () => {
    const { breaker, clock, states } = breakerWithClock(1, 1_000);
    breaker.onError(unavailable);
    clock.now = 999;
    expect(() => breaker.acquire()).toThrow();
    clock.now = 1_000;
    breaker.acquire();
    expect(breaker.state).toBe("half-open");
    expect(() => breaker.acquire()).toThrow(/circuit open/);
    breaker.onSuccess();
    expect(breaker.state).toBe("closed");
    expect(states).toEqual(["open", "half-open", "closed"]);
  });

  it("a failed probe opens the circuit for another full cool-down", () => {
    const { breaker, clock } = breakerWithClock(1, 1_000);
    breaker.onError(unavailable);
    clock.now = 1_500;
    breaker.acquire();
    breaker.onError(unavailable);
    expect(breaker.state).toBe("open");
    clock.now = 2_400;
    expect(() => breaker.acquire()).toThrow();
    clock.now = 2_500;
    expect(() => breaker.acquire()).not.toThrow();
  });
});
