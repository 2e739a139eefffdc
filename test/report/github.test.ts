import { describe, expect, it } from "vitest";
import { command, escapeData, escapeProperty, githubCommands, githubReporter } from "../../src/report/github.js";
import { runFromEvents } from "../../src/report/previous.js";
import { Capture, canaryRedactor, CANARY, fixtureEvents, replayInto } from "./helpers.js";

describe("github reporter", () => {
  it("annotates the block that failed, relative to GITHUB_WORKSPACE", async () => {
    const out = new Capture();
    await replayInto([githubReporter({ stdout: out, env: { GITHUB_WORKSPACE: "/work" }, cwd: "/elsewhere" })], fixtureEvents("all-verdicts.jsonl"));
    const lines = out.text.trimEnd().split("\n");
    const errors = lines.filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(4);
    const fail = errors.find((l) => l.includes("validate-key-auth"))!;
    expect(fail.startsWith("::error file=checkout/app/_includes/how-tos/validate-key-auth.md,line=42,title=docval failed%3A Protect a service with <Key Auth> & ACL [on-prem]::expected status 200, got 401%0Atabs: OpenAI › cURL%0Areproduce: ")).toBe(true);
    expect(out.text).not.toContain(CANARY);
    expect(lines.at(-1)).toMatch(/^::notice title=docval summary::10 variants: 1 passed, 1 failed/);
  });

  it("caps annotations per file and in total and summarises the rest in one notice", () => {
    const run = runFromEvents(canaryRedactor().redactDeep(fixtureEvents("all-verdicts.jsonl")));
    const failed = run.results.find((r) => r.verdict === "failed")!;
    const many = { ...run, results: Array.from({ length: 30 }, (_, i) => ({ ...failed, page: { ...failed.page, file: `app/_how-tos/p${i % 6}.md` }, steps: failed.steps.map((s) => ({ ...s, source: { file: `app/_how-tos/p${i % 6}.md`, line: 10 + i } })) })) };
    const lines = githubCommands(many, { env: {}, cwd: "/work/checkout", perFile: 1, total: 4 });
    expect(lines.filter((l) => l.startsWith("::error"))).toHaveLength(4);
    const notice = lines.find((l) => l.includes("docval%3A more failures"))!;
    expect(notice).toContain("26 more failures not annotated");
  });

  it("escapes workflow command data and properties as GitHub requires", () => {
    expect(escapeData("100%\r\nnext")).toBe("100%25%0D%0Anext");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
    expect(command("error", { file: "x,y.md", line: 3 }, "l1\nl2")).toBe("::error file=x%2Cy.md,line=3::l1%0Al2");
  });
});
