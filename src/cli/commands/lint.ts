/** `docval lint [paths…]`: static checks over pages, no gateway. Thin over src/lint. */
import type { CommandSpec } from "../command.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from "../exit.js";
import { formatDiagnostic } from "../../core/diagnostic.js";
import { openCheckout } from "../../docs/checkout.js";
import { lintPages, RULES } from "../../lint/index.js";
import { formatConsole } from "../../lint/format/console.js";
import { formatGithub } from "../../lint/format/github.js";
import { formatJson } from "../../lint/format/json.js";
import { formatSarif } from "../../lint/format/sarif.js";
import { VERSION } from "../main.js";

const FORMATS = ["console", "json", "sarif", "github"];

export const command: CommandSpec = {
  name: "lint",
  summary: "Check pages for mistakes without a gateway",
  description: [
    "Reads the pages (front matter, blocks, includes) and runs static rules over them: block YAML and keys, variables,",
    "decK entities and references, plugin configs against the plugin schemas of min_version and the latest version,",
    "prereqs, front matter. No gateway, no network. Rules and examples: docs/lint.md.",
    "",
    "Severities come from `lint.rules` in docval.config.yaml (rule id: off | warn | error). Silence a rule for one block",
    "with `{% comment %}docval-disable-next-block <rule-id>{% endcomment %}` on the line before it.",
    "",
    "Exit 1 when any error is found, 0 when only warnings (or nothing), 2 on usage or config errors.",
    "",
    "Rules: " + RULES.map((r) => r.id).join(", "),
  ].join("\n"),
  args: "[paths...]",
  options: [
    { flags: "--format <format>", description: "output format", default: "console", choices: FORMATS },
    { flags: "--rule <id>", description: "run only this rule (repeatable)", repeatable: true },
    { flags: "--ignore-rule <id>", description: "skip this rule (repeatable)", repeatable: true },
    { flags: "--root <dir>", description: "docs checkout root (default: found from the first path)" },
    { flags: "--config <file>", description: "config file (default: docval.config.yaml, .yml or .json in the checkout root, found with it from the first path upwards)" },
  ],
  examples: [
    "docval lint .",
    "docval lint app/_how-tos/gateway --format github",
    "docval lint . --rule plugin-config --rule plugin-scope --format json",
    "docval lint . --ignore-rule navtab-consistency --format sarif > docval.sarif",
  ],
  async run(args, opts, io) {
    // No path means the current folder, or --root when given (openCheckout falls back to it).
    const opened = openCheckout(args, {
      cwd: io.cwd,
      root: typeof opts.root === "string" ? opts.root : undefined,
      configFile: typeof opts.config === "string" ? opts.config : undefined,
    });
    const fatal = opened.diagnostics.filter((d) => (d.kind === "usage" || d.kind === "config") && d.severity !== "warning");
    if (!opened.checkout || fatal.length) {
      for (const d of fatal.length ? fatal : opened.diagnostics) io.stderr.write(`docval lint: ${formatDiagnostic(d)}\n`);
      return EXIT_USAGE;
    }
    for (const d of opened.diagnostics) if (d.severity === "warning") io.stderr.write(`docval lint: warning: ${formatDiagnostic(d)}\n`);
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String).flatMap((s) => s.split(",")).filter(Boolean) : []);
    const result = lintPages(opened.checkout, opened.pageFiles, { rules: list(opts.rule), ignoreRules: list(opts.ignoreRule) });
    const usage = result.diagnostics.filter((d) => d.kind === "usage" || d.kind === "config");
    if (usage.length) {
      for (const d of usage) io.stderr.write(`docval lint: ${formatDiagnostic(d)}\n`);
      return EXIT_USAGE;
    }
    for (const d of result.diagnostics) io.stderr.write(`docval lint: ${formatDiagnostic(d)}\n`);
    const format = String(opts.format ?? "console");
    const f = result.findings;
    const text =
      format === "json" ? formatJson(f)
      : format === "sarif" ? formatSarif(f, RULES, VERSION)
      : format === "github" ? formatGithub(f)
      : formatConsole(f, { color: colorOn(io) });
    io.stdout.write(text);
    return f.some((x) => x.severity === "error") ? EXIT_FAILED : EXIT_OK;
  },
};

function colorOn(io: { stdout: { isTTY?: boolean }; env: NodeJS.ProcessEnv }): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== "0") return true;
  return Boolean(io.stdout.isTTY) && !io.env.CI;
}
