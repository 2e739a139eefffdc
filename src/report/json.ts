/** The json reporter: writes the CTRF report (ctrf.ts) at run end. */
import type { Reporter } from "../core/events.js";
import { collecting } from "./collect.js";
import { toCtrf } from "./ctrf.js";
import { deliver, type Destination } from "./output.js";

export function jsonReporter(dest: Destination): Reporter {
  return collecting("json", (run) => deliver(dest, `${JSON.stringify(toCtrf(run), null, 2)}\n`));
}
