/** decK 1.4 (Debian) as a real Kong client: sync a config into the emulator and dump it back. Skips without deck. */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { gateway } from "./helpers.js";

const DECK = "/usr/bin/deck";
const run = promisify(execFile);

describe.skipIf(!existsSync(DECK))("deck 1.4 against the emulator", async () => {
  const gw = await gateway({ version: "3.15" });
  const dir = mkdtempSync(join(tmpdir(), "docval-deck-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("syncs services, routes, consumers with keys and plugins, then dumps them back", async () => {
    const file = join(dir, "kong.yaml");
    writeFileSync(
      file,
      stringify({
        _format_version: "1.1",
        services: [{ name: "deck-svc", url: "http://httpbin.konghq.com/anything", routes: [{ name: "deck-route", paths: ["/deck"], protocols: ["http", "https"] }] }],
        consumers: [{ username: "deck-user", keyauth_credentials: [{ key: "deck-key" }] }],
        plugins: [{ name: "key-auth", config: { key_names: ["apikey"] } }],
      }),
    );
    await run(DECK, ["sync", "--kong-addr", gw.adminUrl, "-s", file], { timeout: 30_000 });
    expect((await gw.proxy("/deck", { headers: { apikey: "deck-key" } })).status).toBe(200);
    expect((await gw.proxy("/deck")).status).toBe(401);
    const out = join(dir, "dump.yaml");
    await run(DECK, ["dump", "--kong-addr", gw.adminUrl, "-o", out], { timeout: 30_000 });
    const dumped = parse(readFileSync(out, "utf8"));
    expect(dumped.services[0].name).toBe("deck-svc");
    expect(dumped.services[0].routes[0].name).toBe("deck-route");
    expect(dumped.consumers[0].username).toBe("deck-user");
  });
});
