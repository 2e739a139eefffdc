import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/core/redact.js";
import type { CtrfReport } from "../../src/report/ctrf.js";
import { jsonReporter } from "../../src/report/json.js";
import { runCli } from "../helpers/cli.js";
import { FIXTURES, fixtureEvents, replayInto, tmp } from "./helpers.js";

const ENV = { CI: "true", NO_COLOR: "1" };

/** The report without what legitimately differs between a sharded and an unsharded run. */
function normalise(doc: CtrfReport): unknown {
  const clone = JSON.parse(JSON.stringify(doc)) as CtrfReport;
  const r = clone.results;
  r.summary.start = 0;
  r.summary.stop = 0;
  const d = r.extra.docval;
  d.meta.startTime = "";
  d.summary.start = d.summary.stop = "";
  d.summary.durationMs = 0;
  for (const t of r.tests) {
    t.duration = 0;
    for (const s of t.extra.steps) {
      s.durationMs = 0;
    }
  }
  return clone;
}

function shardDir(files = ["shard-1-of-2.jsonl", "shard-2-of-2.jsonl"]): string {
  const dir = tmp("docval-merge-");
  for (const [i, f] of files.entries()) {
    mkdirSync(join(dir, `blob-${i}`), { recursive: true });
    copyFileSync(join(FIXTURES, f), join(dir, `blob-${i}`, f));
  }
  return dir;
}

describe("docval merge-reports", () => {
  it("shards 1/2 and 2/2 merged equal the unsharded JSON report apart from durations and timestamps", async () => {
    const dir = shardDir();
    const res = await runCli(["merge-reports", ".", "--reporter", "json=merged.json"], { cwd: dir, env: ENV });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(1); // a check failed, as in the unsharded run
    const merged = JSON.parse(readFileSync(join(dir, "merged.json"), "utf8")) as CtrfReport;
    const single = join(dir, "single.json");
    await replayInto([jsonReporter({ kind: "file", path: single })], fixtureEvents("all-verdicts.jsonl"), new Redactor());
    const unsharded = JSON.parse(readFileSync(single, "utf8")) as CtrfReport;
    expect(merged.results.summary.tests).toBe(10);
    expect(normalise(merged)).toEqual(normalise(unsharded));
    // the console summary (added by default) shows the merged totals
    expect(res.stdout).toContain("10 variants: 1 passed, 1 failed, 2 error");
  });

  it("merges JSON reports as well as blobs, and a blob wins over the JSON of the same shard", async () => {
    const dir = shardDir();
    // turn shard 2 into a JSON report only
    const s2 = join(dir, "s2");
    const r1 = await runCli(["merge-reports", join(dir, "blob-1"), "--reporter", `json=${join(s2, "results.json")}`], { cwd: dir, env: ENV });
    expect(r1.code).toBe(2); // shard 1/2 alone is incomplete
    expect(r1.stderr).toContain("Shard 1/2 missing");
    const only2 = tmp();
    const out = await runCli(["merge-reports", join(FIXTURES, "shard-2-of-2.jsonl"), join(FIXTURES, "shard-1-of-2.jsonl"), "--reporter", "json=all.json"], { cwd: only2, env: ENV });
    expect(out.code).toBe(1);
    const viaJson = await runCli(["merge-reports", join(dir, "blob-0"), join(only2, "all.json"), "--reporter", "json=again.json"], { cwd: only2, env: ENV });
    // all.json is an unsharded report: mixing it with shard 1/2 is refused
    expect(viaJson.code).toBe(2);
    expect(viaJson.stderr).toContain("Sharded and unsharded");
    const jsonOnly = await runCli(["merge-reports", join(only2, "all.json"), "--reporter", "json=again.json", "--reporter", "junit=again.xml"], { cwd: only2, env: ENV });
    expect(jsonOnly.code).toBe(1);
    const again = JSON.parse(readFileSync(join(only2, "again.json"), "utf8")) as CtrfReport;
    expect(again.results.summary).toMatchObject({ tests: 10, failed: 4 });
    expect(readFileSync(join(only2, "again.xml"), "utf8")).toContain('<testsuites name="docval" tests=');
  });

  it("refuses a missing shard with a clear error and exit 2", async () => {
    const dir = shardDir(["shard-1-of-2.jsonl"]);
    const res = await runCli(["merge-reports", dir], { cwd: dir, env: ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Shard 2\/2 missing \(found 1\/2\)/);
  });

  it("refuses blobs of mixed format versions", async () => {
    const dir = shardDir();
    const f = join(dir, "blob-1", "shard-2-of-2.jsonl");
    const text = readFileSync(f, "utf8").replace('{"docvalBlob":1', '{"docvalBlob":2');
    writeFileSync(f, text);
    const res = await runCli(["merge-reports", dir], { cwd: dir, env: ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("different format versions");
  });

  it("refuses a damaged blob and an unknown reporter", async () => {
    const dir = shardDir();
    const f = join(dir, "blob-1", "shard-2-of-2.jsonl");
    writeFileSync(f, readFileSync(f, "utf8").split("\n").slice(0, 5).join("\n"));
    const res = await runCli(["merge-reports", dir], { cwd: dir, env: ENV });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("no run-end event");
    const bad = await runCli(["merge-reports", dir, "--reporter", "htlm"], { cwd: dir, env: ENV });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Did you mean 'html'?");
  });

  it("exits 0 when the merged run has no failing verdict", async () => {
    const dir = tmp();
    const green = readFileSync(join(FIXTURES, "all-verdicts.jsonl"), "utf8")
      .split("\n")
      .filter((l) => !/"verdict":"(failed|error|unexpected-pass)"/.test(l) || !l.startsWith('{"type":"page-end"'))
      .join("\n")
      .replace(/"exitCode":1/, '"exitCode":0');
    writeFileSync(join(dir, "events.jsonl"), green);
    const res = await runCli(["merge-reports", "events.jsonl", "--reporter", "json=r.json"], { cwd: dir, env: ENV });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
  });

  it("--previous says what is newly failing, fixed and still failing", async () => {
    const dir = tmp();
    const prev = JSON.parse(JSON.stringify(await (async () => {
      const p = join(dir, "prev.json");
      await replayInto([jsonReporter({ kind: "file", path: p })], fixtureEvents("all-verdicts.jsonl"), new Redactor());
      return JSON.parse(readFileSync(p, "utf8")) as CtrfReport;
    })())) as CtrfReport;
    // previously: key-auth passed (so now newly failing), cors was failing and load-balance passed
    for (const t of prev.results.tests) {
      if (t.extra.page.file.includes("key-auth") && t.extra.deployment === "on-prem") t.extra.verdict = "passed";
      if (t.extra.page.file.includes("rate-limit")) t.extra.verdict = "failed";
    }
    writeFileSync(join(dir, "prev.json"), JSON.stringify(prev));
    const res = await runCli(["merge-reports", join(FIXTURES, "all-verdicts.jsonl"), "--previous", "prev.json", "--reporter", "console", "--reporter", "markdown=sum.md"], { cwd: dir, env: ENV });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain("Since the previous run:");
    expect(res.stdout).toMatch(/newly failing: 1\n\s+app\/_how-tos\/protect-a-service-with-key-auth.md \[on-prem\]/);
    expect(res.stdout).toMatch(/fixed: 1\n\s+app\/_how-tos\/rate-limit-by-consumer.md \[on-prem\]/);
    expect(res.stdout).toMatch(/still failing: 3/);
    expect(readFileSync(join(dir, "sum.md"), "utf8")).toContain("- **Fixed** (1): `app/_how-tos/rate-limit-by-consumer.md` [on-prem]");
  });
});
