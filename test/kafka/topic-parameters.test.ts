/** Topics named by channel parameters: the concrete name for a set of values, and the values back from a name. */
import { describe, expect, it } from "vitest";
import { TopicParameterError, topicFor, topicParameters } from "../../runtime/src/kafka/topic-parameters.js";
import type { TopicSpec } from "../../runtime/src/kafka/types.js";

const template: TopicSpec = {
  name: "lights.{zone}.{id}.measured",
  partitions: 3,
  replicas: 1,
  parameters: { zone: { enum: ["north", "south"] }, id: { pattern: "^[0-9]+$" } },
};

describe("topic parameters", () => {
  it("names the concrete topic and drops the template's parameters", () => {
    expect(topicFor(template, { zone: "north", id: "42" })).toEqual({ name: "lights.north.42.measured", partitions: 3, replicas: 1 });
  });

  it("refuses a missing value, one outside enum or pattern, and one a topic name cannot hold", () => {
    expect(() => topicFor(template, { zone: "north" })).toThrow(/parameter id .*: no value given/);
    expect(() => topicFor(template, { zone: "east", id: "1" })).toThrow(TopicParameterError);
    expect(() => topicFor(template, { zone: "north", id: "x1" })).toThrow(/does not match \^\[0-9\]\+\$/);
    expect(() => topicFor({ ...template, parameters: { zone: {}, id: {} } }, { zone: "a.b", id: "1" })).toThrow(/cannot hold/);
  });

  it("reads the values back from a concrete name, and nothing from another topic's", () => {
    expect(topicParameters(template, "lights.south.7.measured")).toEqual({ zone: "south", id: "7" });
    expect(topicParameters(template, "lights.south.7.other")).toBeUndefined();
    expect(topicParameters({ name: "orders", partitions: 1, replicas: 1 }, "orders")).toEqual({});
  });

  it("leaves a topic without parameters as it is", () => {
    const plain: TopicSpec = { name: "orders.created", partitions: 1, replicas: 1 };
    expect(topicFor(plain, {})).toBe(plain);
  });
});
