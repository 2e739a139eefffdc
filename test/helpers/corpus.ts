/** The shared Kong docs corpus, when present beside the project (tests skip cleanly without it). */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const here = fileURLToPath(new URL(".", import.meta.url));
export const PROJECT_ROOT = resolve(here, "../..");
export const CORPUS = resolve(PROJECT_ROOT, "../shared/corpus/kong-docs");
export const HAS_CORPUS = existsSync(resolve(CORPUS, "jekyll.yml"));
export const SEEDS = resolve(PROJECT_ROOT, "../shared/seeds");
