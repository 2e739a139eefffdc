/**
 * `docval merge-reports`: joins shard results (blobs or JSON reports) into one set of reports and exits
 * as the unsharded run would have, because docs CI gates on the merge job.
 */
import { Redactor } from "../../core/redact.js";
import { formatDiagnostic, type Diagnostic } from "../../core/diagnostic.js";
import { createHub, createReporters, parseReporterSpecs } from "../../report/index.js";
import { mergeEvents, readMergeInputs, replay } from "../../report/merge.js";
import type { CommandSpec } from "../command.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, exitCode } from "../exit.js";

/** Without --reporter a merge writes the reports people and CI read. */
const DEFAULT_REPORTERS = ["json", "html", "markdown", "junit"];

export const command: CommandSpec = {
  name: "merge-reports",
  summary: "Merge shard results into one set of reports",
  description: [
    "Reads the blobs that `docval run --shard i/N --reporter blob` wrote (*.jsonl) and/or docval JSON reports,",
    "from folders (searched recursively) or files, checks that every shard 1..N is present once and that the",
    "blobs share one format version, and replays the results through the chosen reporters. Totals and the exit",
    "code are those of one unsharded run: 0 all passed, 1 a check failed, 2 bad inputs (missing shard, mixed",
    "versions), 3 a shard's target broke, 130 a shard was interrupted.",
    "",
    `Without --reporter it writes ${DEFAULT_REPORTERS.join(", ")} into --out-dir and prints the console summary.`,
  ].join("\n"),
  args: "[inputs...]",
  options: [
    { flags: "--reporter <name[=path]>", description: "console, json, junit, markdown, html, github or blob, with an optional output path; repeatable", repeatable: true },
    { flags: "--out-dir <dir>", description: "folder for reports written without a path", default: "docval-report" },
    { flags: "--previous <report.json>", description: "a previous JSON report: the summary says what is newly failing, fixed or still failing" },
    { flags: "--source-base-url <url>", description: "base URL for links to page files, e.g. https://github.com/Kong/developer.konghq.com/blob/main" },
  ],
  examples: [
    "docval merge-reports all-blobs/",
    "docval merge-reports all-blobs/ --reporter html --reporter junit=out/junit.xml",
    "docval merge-reports shard-1-of-2.jsonl shard-2-of-2.jsonl --previous last-main/results.json",
  ],
  async run(args, opts, io) {
    const printAll = (ds: Diagnostic[]) => {
      for (const d of ds) io.stderr.write(`docval: ${formatDiagnostic(d)}\n`);
    };
    const given = (opts.reporter as string[] | undefined) ?? [];
    const { specs, diagnostics: specErrors } = parseReporterSpecs(given.length ? given : DEFAULT_REPORTERS);
    if (specErrors.length) {
      printAll(specErrors);
      return EXIT_USAGE;
    }
    const { inputs, diagnostics: inputErrors } = await readMergeInputs(args, io.cwd);
    if (inputErrors.length) {
      printAll(inputErrors);
      return EXIT_USAGE;
    }
    const merged = mergeEvents(inputs, exitCode);
    if (merged.diagnostics.length || !merged.outcome) {
      printAll(merged.diagnostics);
      return EXIT_USAGE;
    }
    const sourceBaseUrl = opts.sourceBaseUrl as string | undefined;
    const previous = opts.previous as string | undefined;
    const reporters = createReporters(specs, {
      cwd: io.cwd,
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
      outDir: (opts.outDir as string | undefined) ?? "docval-report",
      mode: "merge",
      ...(sourceBaseUrl ? { sourceBaseUrl } : {}),
      ...(previous ? { previous } : {}),
    });
    // Blobs were redacted when written; a fresh Redactor keeps the one-writer path identical to a run.
    const hub = createHub(reporters, new Redactor());
    await replay(merged.events, hub);
    await hub.close();
    if (hub.reporterErrors.length) {
      printAll(hub.reporterErrors);
      const code = exitCode(merged.outcome);
      return code === EXIT_OK ? EXIT_FAILED : code;
    }
    return exitCode(merged.outcome);
  },
};
