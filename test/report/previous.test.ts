import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import { readPreviousDurations } from "../../src/report/index.js";
import { jsonReporter } from "../../src/report/json.js";
import { FIXTURES, fixtureEvents, replayInto, tmp } from "./helpers.js";

describe("readPreviousDurations", () => {
  it("sums each page's variant durations, keyed by the root-relative page file", async () => {
    const file = join(tmp(), "results.json");
    await replayInto([jsonReporter({ kind: "file", path: file })], fixtureEvents("all-verdicts.jsonl"), new Redactor());
    const d = readPreviousDurations(file);
    expect(d.size).toBe(9);
    expect(d.get("app/_how-tos/protect-a-service-with-key-auth.md")).toBe(55);
    expect(d.get("app/_how-tos/load-balance-upstreams.md")).toBe(5000);
    expect(JSON.parse(readFileSync(file, "utf8")).results.tests).toHaveLength(10);
  });

  it("reads a blob too, and gives an empty map for a missing or foreign file", () => {
    expect(readPreviousDurations(join(FIXTURES, "shard-2-of-2.jsonl")).get("app/_how-tos/transform-with-pre-function.md")).toBe(Math.round(30 * 1.3));
    expect(readPreviousDurations(join(tmp(), "nope.json")).size).toBe(0);
    expect(readPreviousDurations(join(FIXTURES, "make.ts")).size).toBe(0);
  });
});
