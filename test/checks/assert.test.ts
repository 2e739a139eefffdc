/** expected_headers: the whole value or one item of a comma-separated list, never a substring. */
import { describe, expect, it } from "vitest";
import { compare } from "../../src/checks/assert.js";
import type { Answer } from "../../src/checks/request.js";

const answer = (headers: Record<string, string>): Answer =>
  ({ exchange: {} as Answer["exchange"], res: { status: 200, headers, rawHeaders: {}, text: "", durationMs: 0 }, unemulated: [] }) as Answer;

const headerMismatches = (want: string, got: string) => compare({ headers: { "X-Value": want } }, answer({ "x-value": got })).length;

describe("expected header values", () => {
  it.each([
    ["1", "1"],
    [" 1 ", "1"],
    ["Accept", "Origin, Accept"],
    ["Origin", "Origin,Accept"],
    ["a, b", "a, b"],
  ])("%j matches %j", (want, got) => {
    expect(headerMismatches(want, got)).toBe(0);
  });

  it.each([
    ["1", "10"],
    ["10", "1"],
    ["yes", "yesterday"],
    ["Origin", "Origin-Agent"],
    ["json", "application/json"],
    ["Yes", "yes"],
  ])("%j does not match %j", (want, got) => {
    expect(headerMismatches(want, got)).toBe(1);
  });
});
