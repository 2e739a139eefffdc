/**
 * The command registry: name → lazy loader, so `docval lint` never loads the gateway emulator.
 * Adding a command is one line here and one file beside this one.
 */
import type { CommandSpec } from "../command.js";

type Loader = () => Promise<{ command: CommandSpec }>;

export const COMMANDS: Record<string, { summary: string; load: Loader }> = {
  run: { summary: "Run the pages' checks against a gateway (embedded by default)", load: () => import("./run.js") },
  plan: { summary: "Print the test plan of each page (human-readable or --json)", load: () => import("./plan.js") },
  list: { summary: "List pages with products, variants, step count and skip reason", load: () => import("./list.js") },
  lint: { summary: "Check pages for mistakes without a gateway", load: () => import("./lint.js") },
  gateway: { summary: "Start the embedded Kong-compatible gateway standalone", load: () => import("./gateway.js") },
  "merge-reports": { summary: "Merge shard results into one set of reports", load: () => import("./merge-reports.js") },
  coverage: { summary: "Show which pages are tested, skipped or unvalidated", load: () => import("./coverage.js") },
};
