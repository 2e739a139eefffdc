/**
 * `docval gateway`: starts the embedded Kong-compatible gateway standalone on loopback, prints its
 * URLs and runs until Ctrl-C / SIGTERM (the CliIO signal).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CommandSpec } from "../command.js";
import { EXIT_OK, EXIT_TARGET, EXIT_USAGE } from "../exit.js";
import { startGateway } from "../../emulator/server.js";

const SCHEMAS_IN_CHECKOUT = "app/_schemas/gateway/plugins";

export const command: CommandSpec = {
  name: "gateway",
  summary: "Start the embedded Kong-compatible gateway standalone",
  description: [
    "Starts the embedded gateway docval uses by default: a Kong Admin API and a proxy (HTTP and HTTPS) on 127.0.0.1, with httpbin-compatible and LLM-provider upstream doubles. Nothing is sent to the network.",
    "With --docs, plugin configs are validated against the JSON schemas of that checkout (app/_schemas/gateway/plugins/<version>/). Without it, plugins the emulator models are accepted with their built-in defaults and schema validation is reported off in GET /.",
    "Ports default to ephemeral ones; the chosen URLs are printed. Stop with Ctrl-C.",
  ].join("\n\n"),
  options: [
    { flags: "--admin-port <port>", description: "Admin API port (0 = ephemeral)", default: 0, integer: true },
    { flags: "--proxy-port <port>", description: "HTTP proxy port (0 = ephemeral)", default: 0, integer: true },
    { flags: "--proxy-https-port <port>", description: "HTTPS proxy port (0 = ephemeral)", default: 0, integer: true },
    { flags: "--version <version>", description: "Kong version to emulate (defaults and schemas follow it)", default: "3.15" },
    { flags: "--db-less", description: "DB-less mode: entity writes answer 405, configuration goes through POST /config", default: false },
    { flags: "--docs <checkout>", description: "Docs checkout root whose plugin schemas validate plugin configs" },
  ],
  examples: ["docval gateway", "docval gateway --admin-port 8001 --proxy-port 8000 --docs ../developer.konghq.com", "docval gateway --db-less --version 3.13"],
  async run(_args, opts, io) {
    const port = (k: string) => Number(opts[k] ?? 0);
    for (const k of ["adminPort", "proxyPort", "proxyHttpsPort"]) {
      const p = port(k);
      if (!Number.isInteger(p) || p < 0 || p > 65535) {
        io.stderr.write(`docval gateway: --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be between 0 and 65535, got ${String(opts[k])}\n`);
        return EXIT_USAGE;
      }
    }
    const version = String(opts.version ?? "3.15");
    if (!/^\d+\.\d+(\.\d+)*$/.test(version)) {
      io.stderr.write(`docval gateway: --version expects a version like 3.15, got '${version}'\n`);
      return EXIT_USAGE;
    }
    let schemasDir: string | undefined;
    if (typeof opts.docs === "string") {
      const root = resolve(io.cwd, opts.docs);
      if (!existsSync(root)) {
        io.stderr.write(`docval gateway: --docs ${opts.docs}: no such folder\n`);
        return EXIT_USAGE;
      }
      schemasDir = resolve(root, SCHEMAS_IN_CHECKOUT);
    }
    let gw;
    try {
      gw = await startGateway({
        version,
        dbless: opts.dbLess === true,
        schemasDir,
        adminPort: port("adminPort"),
        proxyPort: port("proxyPort"),
        proxyHttpsPort: port("proxyHttpsPort"),
      });
    } catch (e) {
      io.stderr.write(`docval gateway: could not start: ${(e as Error).message}\n`);
      return EXIT_TARGET;
    }
    io.stdout.write(
      [
        `docval embedded gateway (Kong ${gw.version} emulation, ${gw.dbless ? "DB-less" : "DB mode"})`,
        `  Admin API:   ${gw.adminUrl}`,
        `  Proxy:       ${gw.proxyUrl}`,
        `  Proxy HTTPS: ${gw.proxyHttpsUrl}  (self-signed test certificate)`,
        `  Plugin schema validation: ${gw.schemaValidation ? "on" : `off (${gw.schemaValidationOffReason ?? "no schemas"})`}`,
        "Press Ctrl-C to stop.",
        "",
      ].join("\n"),
    );
    await new Promise<void>((done) => {
      if (io.signal.aborted) return done();
      io.signal.addEventListener("abort", () => done(), { once: true });
    });
    await gw.stop();
    io.stdout.write("gateway stopped\n");
    return EXIT_OK;
  },
};
