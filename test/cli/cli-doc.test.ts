import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCliDoc } from "../../src/cli/cli-doc.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { PROJECT_ROOT } from "../helpers/corpus.js";
import { runCli } from "../helpers/cli.js";

describe("CLI reference", () => {
  it("docs/cli.md is generated from the command specs (run `npm run docs:cli` after changing options)", async () => {
    const current = readFileSync(resolve(PROJECT_ROOT, "docs/cli.md"), "utf8");
    expect(current).toBe(await renderCliDoc());
  });

  it("every command has a summary, a description, and examples, and prints --help", async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const { command } = await entry.load();
      expect(command.description.length, name).toBeGreaterThan(40);
      expect(command.examples.length, name).toBeGreaterThan(0);
      for (const o of command.options) expect(o.description.length, `${name} ${o.flags}`).toBeGreaterThan(5);
      const r = await runCli([name, "--help"]);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain("Examples:");
    }
  });

  it("unknown commands and no command are usage errors", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain("Commands:");
  });
});
