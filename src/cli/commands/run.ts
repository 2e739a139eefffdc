/**
 * `docval run [paths…]`: plan the pages, run them on a gateway (embedded by default, or a real Kong),
 * report through the hub, exit per DESIGN §2.12. Thin: options → runPlan.
 */
import { buildHostMap, UPSTREAMS } from "../../emulator/upstreams/index.js";
import { coverageOf } from "../../report/coverage.js";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../../core/diagnostic.js";
import { Redactor } from "../../core/redact.js";
import { openCheckout } from "../../docs/checkout.js";
import { buildPlan } from "../../plan/build.js";
import type { Deployment } from "../../plan/model.js";
import { parseHeaderList } from "../../gateway/client.js";
import { createHub, createReporters, parseReporterSpecs, readPreviousDurations, BLOB_VERSION } from "../../report/index.js";
import { placeholderFor } from "../../emulator/upstreams/providers/placeholders.js";
import { readEnvFile } from "../../run/env.js";
import { readExpectedFailures, type ExpectedFailure } from "../../run/expected-failures.js";
import { runPlan, type Target } from "../../run/run.js";
import { parseShard, type Shard } from "../../run/shard.js";
import { openPluginSchemas } from "../../schemas/plugins.js";
import type { CliIO, CommandSpec } from "../command.js";
import { EXIT_USAGE, exitCode } from "../exit.js";
import { VERSION } from "../main.js";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []);

function usage(io: CliIO, ds: Diagnostic[]): number {
  for (const d of ds) io.stderr.write(`error: ${formatDiagnostic(d)}\n`);
  io.stderr.write("Run `docval run --help` for usage.\n");
  return EXIT_USAGE;
}

function checkoutLabel(args: string[], root: string): string {
  return args.length ? args.join(", ") : root;
}

/** The newest version folder of the checkout's plugin schemas: what the embedded gateway emulates by default. */
function newestSchemaVersion(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return openPluginSchemas(dir).versions().at(-1);
}

function positiveInt(v: unknown, name: string, errors: Diagnostic[]): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isInteger(n) || n < 0) {
    errors.push({ code: "run/bad-option", kind: "usage", message: `${name}: expected a whole number, got '${String(v)}'` });
    return undefined;
  }
  return n;
}

export const command: CommandSpec = {
  name: "run",
  summary: "Run the pages' checks against a gateway (embedded by default)",
  description: [
    "Plans each page, applies its gateway configuration and sends its requests, then decides per page",
    "variant: passed, failed, error, skipped, blocked (env missing), unverified (not modelled by the",
    "embedded gateway), expected-failure or unexpected-pass. Without --admin-url an embedded",
    "Kong-compatible gateway is started in-process for each worker. See docs/run.md.",
  ].join("\n"),
  args: "[paths...]",
  options: [
    { flags: "--admin-url <url>", description: "Admin API of a real Kong (repeat to give each worker its own gateway)", repeatable: true },
    { flags: "--proxy-url <url>", description: "proxy of the real Kong (repeat, paired with --admin-url)", repeatable: true },
    { flags: "--proxy-https-url <url>", description: "TLS proxy of the real Kong (pages using https://localhost:8443)", repeatable: true },
    { flags: "--admin-header <header>", description: "'Name: value' sent with every Admin API call (RBAC token)", repeatable: true },
    { flags: "--gateway-version <version>", description: "version the embedded gateway emulates (default: the newest the checkout's schemas know)" },
    { flags: "--db-less", description: "run the embedded gateway DB-less (configuration posted to /config)" },
    { flags: "--reset-all", description: "delete every entity on the target first, not only docval's" },
    { flags: "-w, --workers <n>", description: "pages run in parallel, each worker with its own gateway (default: CPU cores)", integer: true },
    { flags: "--shard <i/n>", description: "run only shard i of n (deterministic; balanced with --previous)" },
    { flags: "--previous <report>", description: "a previous JSON report or blob: balances shards by its page durations" },
    { flags: "--product <name>", description: "only pages of this product (repeatable)", repeatable: true },
    { flags: "--deployment <name>", description: "deployment variants to run (default on-prem; konnect needs a Konnect target)", repeatable: true, choices: ["on-prem", "konnect"] },
    { flags: "--grep <regex>", description: "only pages whose file, permalink or title matches" },
    { flags: "--bail", description: "stop starting pages after the first failure" },
    { flags: "--retries <n>", description: "run a failing page again up to n times (a later pass is reported flaky)", integer: true },
    { flags: "--expected-failures <file>", description: "YAML of pages expected to fail (page, variant, step, reason, expires)" },
    { flags: "--env-file <file>", description: "dotenv file with values for the pages' variables" },
    { flags: "--allow-shell", description: "run custom-command and shell blocks (off by default: a docs PR must not run code on CI)" },
    { flags: "--timeout <ms>", description: "per-request timeout in ms (default 10000)", integer: true },
    { flags: "--page-timeout <ms>", description: "per page-variant timeout in ms (default 120000)", integer: true },
    { flags: "--reporter <name[=path]>", description: "console, json, junit, markdown, html, github, blob, debug (repeatable)", repeatable: true },
    { flags: "--debug", description: "print every step in full on stderr as it ends: request, response, expected vs actual, curl (secrets redacted)" },
    { flags: "--out-dir <dir>", description: "folder for reports written without a path", default: "docval-report" },
    { flags: "--root <dir>", description: "the docs checkout root (default: found from the first path upwards)" },
    { flags: "--config <file>", description: "config file (default: docval.config.yaml, .yml or .json in the checkout root, found with it from the first path upwards)" },
  ],
  examples: [
    "docval run fixtures/demo-docs",
    "docval run . --grep rate-limit --workers 2",
    "docval run . --admin-url http://localhost:8001 --proxy-url http://localhost:8000 --env-file .env.test",
    "docval run . --shard 1/4 --previous last/results.json --reporter json --reporter junit",
  ],
  async run(args, opts, io) {
    const errors: Diagnostic[] = [];
    // No path means the current folder, or --root when given (openCheckout falls back to it).
    const opened = openCheckout(args, { cwd: io.cwd, root: str(opts.root), configFile: str(opts.config) });
    const fatal = opened.diagnostics.filter((d) => (d.kind === "usage" || d.kind === "config") && d.severity !== "warning");
    if (!opened.checkout || fatal.length) return usage(io, fatal.length ? fatal : opened.diagnostics);
    for (const d of opened.diagnostics) if (d.severity === "warning") io.stderr.write(`warning: ${formatDiagnostic(d)}\n`);
    if (opened.pageFiles.length === 0) {
      return usage(io, [{ code: "run/no-pages", kind: "usage", message: `no pages to run under ${checkoutLabel(args, opened.checkout.root)}`, hint: `pages live in ${opened.checkout.layout.pages}` }]);
    }
    const checkout = opened.checkout;
    const config = checkout.config;

    let shard: Shard | undefined;
    if (str(opts.shard)) {
      const p = parseShard(str(opts.shard) as string);
      if (p.diagnostic) errors.push(p.diagnostic);
      shard = p.shard;
    }
    const grep = str(opts.grep);
    if (grep) {
      try {
        new RegExp(grep);
      } catch (e) {
        errors.push({ code: "run/bad-grep", kind: "usage", message: `--grep is not a valid regular expression: ${(e as Error).message}` });
      }
    }
    const workers = positiveInt(opts.workers, "--workers", errors) ?? config.run?.workers ?? availableParallelism();
    const retries = positiveInt(opts.retries, "--retries", errors) ?? config.run?.retries ?? 0;
    const timeoutMs = positiveInt(opts.timeout, "--timeout", errors) ?? config.run?.timeoutMs ?? 10_000;
    const pageTimeoutMs = positiveInt(opts.pageTimeout, "--page-timeout", errors) ?? config.run?.pageTimeoutMs ?? 120_000;

    const reporterSpecs = parseReporterSpecs([...(list(opts.reporter).length ? list(opts.reporter) : (config.reporters ?? [])), ...(opts.debug ? ["debug"] : [])]);
    errors.push(...reporterSpecs.diagnostics);

    let envFile: Record<string, string> = {};
    if (str(opts.envFile)) {
      const r = readEnvFile(resolve(io.cwd, str(opts.envFile) as string));
      if (r.diagnostic) errors.push(r.diagnostic);
      envFile = r.vars;
    }
    let expected: ExpectedFailure[] = [];
    const efPath = str(opts.expectedFailures) ? resolve(io.cwd, str(opts.expectedFailures) as string) : config.expectedFailures && checkout.configFile ? resolve(checkout.configFile, "..", config.expectedFailures) : undefined;
    if (efPath) {
      const r = readExpectedFailures(efPath);
      errors.push(...r.diagnostics);
      expected = r.entries;
    }
    let previousDurations: Map<string, number> | undefined;
    if (str(opts.previous)) {
      try {
        previousDurations = readPreviousDurations(resolve(io.cwd, str(opts.previous) as string));
      } catch (e) {
        errors.push({ code: "run/previous", kind: "usage", message: `cannot read --previous: ${(e as Error).message}` });
      }
    }

    const adminUrls = list(opts.adminUrl).length ? list(opts.adminUrl) : list(config.target?.adminUrl);
    const proxyUrls = list(opts.proxyUrl).length ? list(opts.proxyUrl) : list(config.target?.proxyUrl);
    const headerList = [...(config.target?.adminHeaders ?? []), ...list(opts.adminHeader)];
    for (const h of headerList) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/.test(h)) {
        // The value may hold a token: name only the part before the first colon, if any.
        errors.push({ code: "run/bad-admin-header", kind: "usage", message: `--admin-header must be 'Name: value', got '${h.includes(":") ? `${h.split(":")[0]}: …` : "(no colon)"}'`, hint: "e.g. --admin-header 'Kong-Admin-Token: $TOKEN'" });
      }
    }
    const adminHeaders = parseHeaderList(headerList);
    if (adminUrls.length && !proxyUrls.length) errors.push({ code: "run/no-proxy-url", kind: "usage", message: "--admin-url needs --proxy-url (the proxy the pages' requests go to)" });
    if (proxyUrls.length > 1 && proxyUrls.length !== adminUrls.length) {
      errors.push({ code: "run/url-pairs", kind: "usage", message: `${adminUrls.length} --admin-url but ${proxyUrls.length} --proxy-url: give one proxy per admin URL` });
    }
    if (config.hosts && !adminUrls.length) {
      const { unknown } = buildHostMap(config.hosts);
      if (unknown.length) {
        errors.push({ code: "run/config-hosts", kind: "config", message: `hosts in ${checkout.configFile ?? "the config"} names upstreams the embedded gateway does not have: ${unknown.join(", ")}`, hint: `known upstreams: ${UPSTREAMS.map((u) => u.name).join(", ")}` });
      }
    }
    if (errors.length) return usage(io, errors);

    const schemasDir = join(checkout.root, checkout.layout.schemas, "gateway", "plugins");
    const target: Target = adminUrls.length
      ? { kind: "remote", adminUrls, proxyUrls, proxyHttpsUrls: list(opts.proxyHttpsUrl), adminHeaders }
      : {
          kind: "embedded",
          version: str(opts.gatewayVersion) ?? config.target?.gatewayVersion ?? newestSchemaVersion(schemasDir),
          dbless: opts.dbLess === true,
          ...(existsSync(schemasDir) ? { schemasDir } : {}),
          hosts: config.hosts,
        };

    const deployments = (list(opts.deployment).length ? list(opts.deployment) : ["on-prem"]) as Deployment[];
    const products = list(opts.product);
    const plan = buildPlan(checkout, opened.pageFiles, { ...(products.length ? { products } : {}), deployments, ...(grep ? { grep } : {}) });

    const redactor = new Redactor();
    for (const h of Object.entries(adminHeaders)) redactor.add(`admin-header ${h[0]}`, h[1]);
    const outDir = str(opts.outDir) ?? "docval-report";
    const reporters = createReporters(reporterSpecs.specs, {
      cwd: io.cwd,
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
      outDir: isAbsolute(outDir) ? outDir : join(io.cwd, outDir),
      mode: "run",
      ...(config.sourceBaseUrl ? { sourceBaseUrl: config.sourceBaseUrl } : {}),
      ...(str(opts.previous) ? { previous: str(opts.previous) } : {}),
    });
    const hub = createHub(reporters, redactor);
    const { totals, byProduct } = coverageOf(plan.pages);
    const outcome = await runPlan(plan, target, hub, {
      coverage: { totals, byProduct },
      workers,
      ...(shard ? { shard } : {}),
      ...(previousDurations ? { previousDurations } : {}),
      bail: opts.bail === true,
      retries,
      expectedFailures: expected,
      envFile,
      processEnv: io.env,
      publicNames: config.public ?? [],
      redactor,
      placeholder: placeholderFor,
      allowShell: opts.allowShell === true,
      resetAll: opts.resetAll === true,
      timeoutMs,
      pageTimeoutMs,
      deployments,
      signal: io.signal,
      filesDir: join(checkout.root, checkout.layout.files),
      docvalVersion: VERSION,
      blobVersion: BLOB_VERSION,
      exitCode,
    });
    await hub.close();
    for (const d of outcome.diagnostics) {
      if (d.kind === "target" || d.kind === "config" || d.kind === "usage" || d.kind === "harness") io.stderr.write(`error: ${redactor.redact(formatDiagnostic(d))}\n`);
    }
    for (const e of hub.reporterErrors) io.stderr.write(`error: ${formatDiagnostic(e)}\n`);
    return exitCode(outcome.facts);
  },
};
