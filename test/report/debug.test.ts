import { describe, expect, it } from "vitest";
import { debugReporter } from "../../src/report/debug.js";
import { parseReporterSpecs } from "../../src/report/index.js";
import { Capture, fixtureEvents, leakForms, replayInto } from "./helpers.js";

describe("debug reporter (--debug)", () => {
  it("writes every step in full to stderr, redacted", async () => {
    const err = new Capture();
    await replayInto([debugReporter(err)], fixtureEvents("all-verdicts.jsonl"));
    expect(err.text).toContain("[debug] run-start");
    expect(err.text).toMatch(/\[debug\] step failed .*\n\[debug\] at /);
    expect(err.text).toContain("[debug] request:");
    expect(err.text).toContain("[debug] run-end");
    for (const form of leakForms()) expect(err.text).not.toContain(form);
  });

  it("is a reporter name that takes no path", () => {
    expect(parseReporterSpecs(["debug"]).specs).toEqual([{ name: "debug" }]);
    expect(parseReporterSpecs(["debug=out.txt"]).diagnostics[0].code).toBe("report/path-not-allowed");
  });
});
