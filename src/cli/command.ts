/**
 * How a command is declared: its arguments, options (each once, with type, default and help)
 * and a `run` that returns an exit code. `main.ts` builds the parser and `--help` from these,
 * and `docs/cli.md` is generated from the same data.
 */
import type { Writable } from "node:stream";

export interface OptionSpec {
  /** Commander flag syntax: "-w, --workers <n>", "--json", "--reporter <name[=path]>". */
  flags: string;
  description: string;
  default?: string | boolean | number | string[];
  /** May be given several times; the value is an array. */
  repeatable?: boolean;
  choices?: string[];
  /** Parse the value as an integer. */
  integer?: boolean;
}

export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs for `docval <command> --help`: what it does, what it reads, what it writes. */
  description: string;
  /** Commander argument syntax, e.g. "[paths...]". */
  args?: string;
  options: OptionSpec[];
  /** Shown under "Examples:" in help. */
  examples: string[];
  run(args: string[], opts: Record<string, unknown>, io: CliIO): Promise<number>;
}
