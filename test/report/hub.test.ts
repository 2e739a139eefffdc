import { describe, expect, it } from "vitest";
import type { Reporter, RunEvent } from "../../src/core/events.js";
import { Redactor } from "../../src/core/redact.js";
import { createHub } from "../../src/report/hub.js";
import { CANARY, canaryRedactor, fixtureEvents } from "./helpers.js";

function recorder(name: string, log: string[], opts: { delayMs?: number; throwOn?: RunEvent["type"] } = {}): Reporter & { name: string; seen: RunEvent[] } {
  const seen: RunEvent[] = [];
  const hook = (e: RunEvent) => {
    const run = () => {
      if (opts.throwOn === e.type) throw new Error(`boom on ${e.type} with ${CANARY}`);
      seen.push(e);
      log.push(`${name}:${e.type}`);
    };
    return opts.delayMs ? new Promise<void>((res, rej) => setTimeout(() => { try { run(); res(); } catch (err) { rej(err); } }, opts.delayMs)) : run();
  };
  return { name, seen, onRunStart: hook, onPageStart: hook, onStepEnd: hook, onPageEnd: hook, onDiagnostic: hook, onRunEnd: hook };
}

describe("createHub", () => {
  const events = fixtureEvents("all-verdicts.jsonl");

  it("hands every reporter the redacted event, never the secret", async () => {
    const a = recorder("a", []);
    const hub = createHub([a], canaryRedactor());
    for (const e of events) await hub.emit(e);
    await hub.close();
    expect(a.seen).toHaveLength(events.length);
    const text = JSON.stringify(a.seen);
    expect(text).not.toContain(CANARY);
    expect(text).toContain("[redacted:OPENAI_API_KEY]");
  });

  it("keeps delivering to the others when one reporter throws, and reports the fault to them", async () => {
    const log: string[] = [];
    const bad = recorder("bad", log, { throwOn: "page-end" });
    const good = recorder("good", log);
    const hub = createHub([bad, good], canaryRedactor());
    for (const e of events) await hub.emit(e);
    await hub.close();
    const pageEnds = events.filter((e) => e.type === "page-end").length;
    expect(good.seen.filter((e) => e.type === "page-end")).toHaveLength(pageEnds);
    expect(hub.reporterErrors).toHaveLength(pageEnds);
    expect(hub.reporterErrors[0]).toMatchObject({ code: "report/reporter-failed", kind: "harness" });
    expect(hub.reporterErrors[0].message).toContain("'bad'");
    expect(hub.reporterErrors[0].message).not.toContain(CANARY);
    const faults = good.seen.filter((e) => e.type === "diagnostic" && e.diagnostic.code === "report/reporter-failed");
    expect(faults).toHaveLength(pageEnds);
    // the broken reporter does not receive its own fault
    expect(bad.seen.some((e) => e.type === "diagnostic" && e.diagnostic.code === "report/reporter-failed")).toBe(false);
  });

  it("awaits async hooks in order, even when the caller does not await emit", async () => {
    const log: string[] = [];
    const slow = recorder("slow", log, { delayMs: 2 });
    const fast = recorder("fast", log);
    const hub = createHub([slow, fast], new Redactor());
    const few = events.slice(0, 4);
    for (const e of few) void hub.emit(e);
    await hub.close();
    const expected = few.flatMap((e) => [`slow:${e.type}`, `fast:${e.type}`]);
    expect(log).toEqual(expected);
  });

  it("ignores events after close", async () => {
    const a = recorder("a", []);
    const hub = createHub([a], new Redactor());
    await hub.close();
    await hub.emit(events[0]);
    expect(a.seen).toHaveLength(0);
  });
});
