/** `docval gateway` starts, prints its URLs, serves, and stops when the CLI signal aborts. */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("docval gateway", () => {
  it("prints its URLs and stops on the abort signal", async () => {
    const ctl = new AbortController();
    const pending = runCli(["gateway", "--db-less", "--version", "3.13"], { signal: ctl.signal });
    // runCli hands back output only when the command ends: give the server time to start, then stop it.
    await new Promise((r) => setTimeout(r, 400));
    ctl.abort();
    const res = await pending;
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Admin API:\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(res.stdout).toMatch(/Proxy HTTPS:\s+https:\/\/127\.0\.0\.1:\d+/);
    expect(res.stdout).toContain("Kong 3.13 emulation, DB-less");
    expect(res.stdout).toContain("gateway stopped");
  });

  it("rejects a bad --version", async () => {
    const res = await runCli(["gateway", "--version", "latest"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--version");
  });
});
