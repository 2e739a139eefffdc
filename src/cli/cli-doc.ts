/**
 * Renders docs/cli.md from the command specs, so the reference never drifts from `--help`.
 * `npm run docs:cli` rewrites the file; test/cli/cli-doc.test.ts fails when it is stale.
 */
import { COMMANDS } from "./commands/index.js";
import type { CommandSpec } from "./command.js";

function renderCommand(spec: CommandSpec): string {
  const lines = [`## docval ${spec.name}${spec.args ? ` ${spec.args}` : ""}`, "", spec.summary + ".", "", spec.description.trim(), ""];
  if (spec.options.length) {
    lines.push("| option | default | description |", "|---|---|---|");
    for (const o of spec.options) {
      const def = o.default === undefined ? "" : `\`${Array.isArray(o.default) ? o.default.join(",") : String(o.default)}\``;
      const choices = o.choices ? ` (one of: ${o.choices.join(", ")})` : "";
      const rep = o.repeatable && !/\brepeat/i.test(o.description) ? " (repeatable)" : "";
      lines.push(`| \`${o.flags.replace(/\|/g, "\\|")}\` | ${def} | ${o.description.replace(/\|/g, "\\|")}${choices}${rep} |`);
    }
    lines.push("");
  }
  if (spec.examples.length) lines.push("Examples:", "", "```sh", ...spec.examples, "```", "");
  return lines.join("\n");
}

export async function renderCliDoc(): Promise<string> {
  const parts = [
    "# Command line reference",
    "",
    "Generated from the command definitions in `src/cli/commands/` (`npm run docs:cli`); `docval <command> --help` prints the same.",
    "",
    "Exit codes: 0 all passed (skips allowed), 1 a check failed or an expected failure passed, 2 usage or config error,",
    "3 the target could not be reached or broke, 130 interrupted.",
    "",
  ];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const { command } = await entry.load();
    if (command.name !== name) throw new Error(`command registered as '${name}' calls itself '${command.name}'`);
    parts.push(renderCommand(command));
  }
  return parts.join("\n");
}

// `tsx src/cli/cli-doc.ts` (npm run docs:cli) rewrites docs/cli.md.
if (process.argv[1] && /cli-doc\.(ts|js)$/.test(process.argv[1])) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(new URL("../../docs/cli.md", import.meta.url), await renderCliDoc());
}
