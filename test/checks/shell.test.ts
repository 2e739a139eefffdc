/** runShell: output, exit codes, and that a timeout or abort stops the whole process group at once. */
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runShell } from "../../src/checks/shell.js";

const env = { PATH: process.env.PATH };

describe("runShell", () => {
  it("returns the exit code and the output", async () => {
    const r = await runShell("echo out; echo err >&2; exit 3", env, tmpdir(), 10_000);
    expect(r).toMatchObject({ code: 3, timedOut: false });
    expect(r.output).toContain("out");
    expect(r.output).toContain("err");
  });

  it("a timeout stops the children that hold stdout open, not only bash", async () => {
    const started = Date.now();
    const r = await runShell("sleep 30 | cat; echo done", env, tmpdir(), 300);
    expect(r.timedOut).toBe(true);
    expect(r.output).not.toContain("done");
    expect(Date.now() - started).toBeLessThan(20_000); // far below the 30 s the command would take: it was killed
  }, 40_000);

  it("an abort (Ctrl-C) stops the command and its children", async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = runShell("echo before; sleep 30; echo after", env, tmpdir(), 60_000, ac.signal);
    setTimeout(() => ac.abort(), 300);
    const r = await p;
    expect(r.timedOut).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("before");
    expect(r.output).not.toContain("after");
    expect(Date.now() - started).toBeLessThan(20_000); // far below the 30 s the command would take: it was killed
  }, 40_000);
});
