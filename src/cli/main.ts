#!/usr/bin/env node
/**
 * Entry point: picks the command, builds its parser from its CommandSpec, runs it and exits
 * with the code it returns. Only the chosen command's module is loaded.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createRequire } from "node:module";
import { closest } from "../core/suggest.js";
import type { CliIO, CommandSpec } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { EXIT_INTERRUPTED, EXIT_USAGE } from "./exit.js";

const require = createRequire(import.meta.url);
export const VERSION: string = (require("../../package.json") as { version: string }).version;

export function topLevelHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return [
    `docval ${VERSION}: validate how-to docs by doing what they say`,
    "",
    "Usage: docval <command> [paths...] [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Paths are a docs checkout root, folders or page files. The checkout root is found by walking",
    "up from the first path to jekyll.yml or a docval.config.yaml/.json, or given with --root.",
    "",
    "Run `docval <command> --help` for a command's options and examples.",
    "",
    "Exit codes: 0 all passed, 1 a check failed, 2 usage or config error,",
    "            3 the target could not be reached or broke, 130 interrupted.",
    "",
  ].join("\n");
}

/** Builds a commander Command from a spec (also used to generate docs/cli.md). */
export function buildCommand(spec: CommandSpec): Command {
  const cmd = new Command(spec.name).description(`${spec.summary}\n\n${spec.description}`);
  if (spec.args) cmd.arguments(spec.args);
  for (const o of spec.options) {
    const opt = new Option(o.flags, o.description);
    if (o.choices && !o.repeatable) opt.choices(o.choices);
    if (o.repeatable) {
      // commander's choices() check is replaced by a custom argParser, so repeatable options check here.
      opt.argParser((v: string, prev: string[] | undefined) => {
        if (o.choices && !o.choices.includes(v)) {
          throw new InvalidArgumentError(`expected one of ${o.choices.join(", ")}`);
        }
        // A default array is replaced, not appended to, by the first explicit value.
        return [...(prev && prev !== o.default ? prev : []), v];
      });
      if (o.default !== undefined) opt.default(o.default);
    } else if (o.integer) {
      opt.argParser((v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n)) throw new InvalidArgumentError("expected an integer");
        return n;
      });
      if (o.default !== undefined) opt.default(o.default);
    } else if (o.default !== undefined) {
      opt.default(o.default);
    }
    cmd.addOption(opt);
  }
  if (spec.examples.length) {
    cmd.addHelpText("after", `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join("\n")}\n`);
  }
  return cmd;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(topLevelHelp());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    const close = closest(name, Object.keys(COMMANDS));
    io.stderr.write(`docval: unknown command '${name}'${close ? ` (did you mean '${close}'?)` : ""}\n\n${topLevelHelp()}`);
    return EXIT_USAGE;
  }
  const { command: spec } = await entry.load();
  const cmd = buildCommand(spec)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  let code = 0;
  cmd.action(async (...actionArgs: unknown[]) => {
    const positional = spec.args ? (actionArgs[0] as string[] | string | undefined) : undefined;
    const args = positional === undefined ? [] : Array.isArray(positional) ? positional : [positional];
    code = await spec.run(args, cmd.opts(), io);
  });
  try {
    await cmd.parseAsync(rest, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === "commander.helpDisplayed" || e.code === "commander.help" ? 0 : EXIT_USAGE;
    }
    throw e;
  }
  return code;
}

const isEntry = process.argv[1] && /[\\/]cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals > 1) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`docval: internal error (a bug; please report it): ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
