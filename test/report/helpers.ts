/** Shared test plumbing for the reporters: fixture logs, a capturing stream, replay through a hub. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Reporter, RunEvent } from "../../src/core/events.js";
import { Redactor } from "../../src/core/redact.js";
import { parseBlob } from "../../src/report/blob.js";
import { createHub } from "../../src/report/hub.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/events/", import.meta.url));
export const CANARY = "sk-canary-7f3a9c1e-DOCVAL";
export const CANARY_NAME = "OPENAI_API_KEY";

export function fixtureEvents(name: string): RunEvent[] {
  const file = join(FIXTURES, name);
  const { blob, diagnostics } = parseBlob(file, readFileSync(file, "utf8"));
  if (!blob) throw new Error(`bad fixture ${name}: ${diagnostics.map((d) => d.message).join("; ")}`);
  return blob.events;
}

export function canaryRedactor(): Redactor {
  const r = new Redactor();
  r.add(CANARY_NAME, CANARY);
  return r;
}

export class Capture extends Writable {
  text = "";
  constructor(
    public isTTY = false,
    public columns = 120,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export async function replayInto(reporters: Reporter[], events: RunEvent[], redactor = canaryRedactor()) {
  const hub = createHub(reporters, redactor);
  for (const e of events) await hub.emit(e);
  await hub.close();
  return hub;
}

export function tmp(prefix = "docval-report-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every form the canary could leak in: verbatim, URL- and JSON-encoded, base64 (alone or as user:secret). */
export function leakForms(): string[] {
  return [
    CANARY,
    encodeURIComponent(CANARY),
    Buffer.from(CANARY).toString("base64").replace(/=+$/, ""),
    Buffer.from(`alex:${CANARY}`).toString("base64").replace(/=+$/, ""),
  ];
}
