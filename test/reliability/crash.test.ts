/**
 * A bug in docval while running one page (runVariant throws) costs that page only: it ends `error`
 * with a harness diagnostic naming the throw, the other pages still run, and nothing arrives after
 * run-end. runVariant is wrapped to throw for one chosen page; everything else is the real runner.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RunEvent } from "../../src/core/events.js";
import { Redactor } from "../../src/core/redact.js";
import { openCheckout } from "../../src/docs/checkout.js";
import { buildPlan } from "../../src/plan/build.js";
import { runPlan } from "../../src/run/run.js";
import { check, page, tmpCheckout } from "./net.js";

const THROW_FOR = "b-second.md";
vi.mock("../../src/run/page.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/run/page.js")>();
  return {
    ...real,
    runVariant: async (...args: Parameters<typeof real.runVariant>) => {
      if (args[0].file.endsWith(THROW_FOR)) throw new Error("simulated docval bug");
      return real.runVariant(...args);
    },
  };
});

const roots: string[] = [];
afterEach(() => {
  while (roots.length) rmSync(roots.pop() as string, { recursive: true, force: true });
});

describe("a throw while running one page", () => {
  it.each([1, 2])("with %i worker(s): that page ends error with a harness diagnostic, the others run, nothing after run-end", async (workers) => {
    const root = tmpCheckout({
      "a-first.md": page("First", check("/echo")),
      [THROW_FOR]: page("Second", check("/echo")),
      "c-third.md": page("Third", check("/echo")),
      "d-fourth.md": page("Fourth", check("/echo")),
    });
    roots.push(root);
    const opened = openCheckout([root], { cwd: root });
    const plan = buildPlan(opened.checkout as NonNullable<typeof opened.checkout>, opened.pageFiles);
    const events: RunEvent[] = [];
    const outcome = await runPlan(plan, { kind: "embedded" }, { emit: async (e) => void events.push(e) }, { workers, redactor: new Redactor(), timeoutMs: 2_000 });

    const byFile = Object.fromEntries(outcome.results.map((r) => [r.page.file.replace(/^.*\//, ""), r]));
    expect(Object.keys(byFile).sort()).toEqual(["a-first.md", THROW_FOR, "c-third.md", "d-fourth.md"]);
    expect(byFile[THROW_FOR].verdict).toBe("error");
    expect(byFile[THROW_FOR].reason).toContain("simulated docval bug");
    expect(byFile[THROW_FOR].diagnostics).toEqual([expect.objectContaining({ kind: "harness", code: "harness/crash", message: expect.stringContaining("simulated docval bug") })]);
    for (const f of ["a-first.md", "c-third.md", "d-fourth.md"]) expect(byFile[f].verdict).toBe("passed");
    expect(outcome.facts.anyFailed).toBe(true);
    expect(events.at(-1)?.type).toBe("run-end");
    expect(events.filter((e) => e.type === "page-end")).toHaveLength(4);
  }, 60_000);
});
