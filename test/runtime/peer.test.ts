import { describe, expect, it } from "vitest";
import { MissingPeerError } from "../../runtime/src/missing-peer-error.js";
import { requirePeer } from "../../runtime/src/peer.js";

describe("requirePeer: the libraries a runtime entry needs", () => {
  it("loads an installed peer", () => {
    const kafkajs = requirePeer<typeof import("kafkajs")>("kafkajs", "^2.2.4", "@concordkit/runtime/kafka");
    expect(typeof kafkajs.Kafka).toBe("function");
  });

  it("names a missing peer, its range and the install command, in one line without a stack", () => {
    let error: unknown;
    try {
      requirePeer("concord-no-such-peer/dist/x.js", "^1.0.0", "@concordkit/runtime/kafka");
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(MissingPeerError);
    const missing = error as MissingPeerError;
    expect(missing.peer).toBe("concord-no-such-peer");
    expect(missing.message).toBe(
      '@concordkit/runtime/kafka needs the package concord-no-such-peer (^1.0.0), which is not installed. Run: npm install concord-no-such-peer@"^1.0.0"',
    );
    expect(missing.stack).toBe(`MissingPeerError: ${missing.message}`);
    expect(missing.retriable).toBe(false);
  });

  it("passes on other failures of an installed peer unchanged", () => {
    expect(() => requirePeer("kafkajs/no-such-file-inside", "^2.2.4", "@concordkit/runtime/kafka")).toThrow(/Cannot find module/);
    expect(() => requirePeer("kafkajs/no-such-file-inside", "^2.2.4", "@concordkit/runtime/kafka")).not.toThrow(MissingPeerError);
  });
});
