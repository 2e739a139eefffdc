/**
 * parseYaml reads what Ruby's Psych reads (the site's parser): YAML 1.1 scalars as Psych resolves them,
 * duplicate keys with the last one winning, positioned errors, and a bound on alias expansion.
 */
import { describe, expect, it } from "vitest";
import { MAX_ALIAS_NODES, parseYaml } from "../../src/docs/yaml.js";

const value = (text: string): unknown => {
  const r = parseYaml(text);
  expect(r.error).toBeUndefined();
  return r.value;
};
const scalar = (plain: string): unknown => (value(`v: ${plain}\n`) as { v: unknown }).v;

describe("Psych scalars", () => {
  it.each(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "yEs"])("%s is true", (s) => {
    expect(scalar(s)).toBe(true);
  });
  it.each(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])("%s is false", (s) => {
    expect(scalar(s)).toBe(false);
  });
  it("keeps y, n, quoted booleans and longer words as strings", () => {
    expect(scalar("y")).toBe("y");
    expect(scalar("n")).toBe("n");
    expect(scalar("'yes'")).toBe("yes");
    expect(scalar('"on"')).toBe("on");
    expect(scalar("yesterday")).toBe("yesterday");
  });
  it("reads ~, null in any case and an empty value as null", () => {
    expect(value("a: ~\nb: null\nc: NULL\nd: Null\ne:\n")).toEqual({ a: null, b: null, c: null, d: null, e: null });
    expect(scalar("nullable")).toBe("nullable");
  });
  it("reads YAML 1.1 integers: decimal, separators, hex, binary, leading-zero octal", () => {
    expect(scalar("42")).toBe(42);
    expect(scalar("-17")).toBe(-17);
    expect(scalar("1_000")).toBe(1000);
    expect(scalar("0x1F")).toBe(31);
    expect(scalar("0b101")).toBe(5);
    expect(scalar("0755")).toBe(493);
    expect(scalar("08")).toBe("08");
  });
  it("reads floats that have a dot; 3.10 is 3.1 and 1e5 stays a string, as in Psych", () => {
    expect(scalar("3.10")).toBe(3.1);
    expect(scalar("-0.5")).toBe(-0.5);
    expect(scalar("1.5e+3")).toBe(1500);
    expect(scalar("1e5")).toBe("1e5");
    expect(scalar(".inf")).toBe(Infinity);
    expect(scalar("-.Inf")).toBe(-Infinity);
    expect(Number.isNaN(scalar(".NaN"))).toBe(true);
    expect(scalar("'3.10'")).toBe("3.10");
  });
  it("keeps version-like and other strings as strings", () => {
    expect(scalar("3.10.0")).toBe("3.10.0");
    expect(scalar("/status/200")).toBe("/status/200");
    expect(scalar("http://localhost:8000")).toBe("http://localhost:8000");
  });
  it("reads dates as dates and merges << keys", () => {
    expect(scalar("2024-05-01")).toBeInstanceOf(Date);
    expect(value("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n")).toEqual({ base: { x: 1, y: 2 }, m: { x: 1, y: 3 } });
  });
  it("tolerates duplicate keys: the last one wins", () => {
    expect(value("a: 1\nb: 2\na: 3\n")).toEqual({ a: 3, b: 2 });
  });
});

describe("errors", () => {
  it("returns a positioned error instead of throwing", () => {
    const r = parseYaml("a: 1\nb: [1, 2\nc: 3\n");
    expect(r.value).toBeUndefined();
    expect(r.error?.message.length).toBeGreaterThan(0);
    expect(r.error?.line).toBeGreaterThanOrEqual(2);
    expect(r.error?.line).toBeLessThanOrEqual(3);
  });
  it("places an error found at the end of the text on its last line with content", () => {
    const r = parseYaml("a: 1\nb: 'open\n\n");
    expect(r.error?.line).toBe(2);
  });
  it("counts only \\n as a line break, like every other position", () => {
    const r = parseYaml("\u0001\r\u0001");
    expect(r.error).toBeDefined();
    expect(r.error?.line).toBe(1);
  });
  it("reports text nested too deeply instead of overflowing the stack", () => {
    const r = parseYaml(`a: ${"[".repeat(300)}${"]".repeat(300)}\n`);
    expect(r.error?.message).toMatch(/nested too deeply/);
  });
});

describe("aliases", () => {
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    .concat("bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`))
    .join("\n");

  it("refuses a billion-laughs document with the bound in the message", () => {
    const r = parseYaml(bomb);
    expect(r.value).toBeUndefined();
    expect(r.error?.message).toBe(`aliases expand to too many nodes (more than ${MAX_ALIAS_NODES} per alias)`);
    expect(r.error?.line).toBe(1);
  });
  it("accepts ordinary reuse of an anchor", () => {
    const v = value("defaults: &d {timeout: 5, retries: 2}\na: *d\nb: *d\nc: [*d, *d]\n") as Record<string, unknown>;
    expect(v.a).toEqual({ timeout: 5, retries: 2 });
    expect((v.c as unknown[]).length).toBe(2);
  });
  it("refuses a single alias that stands for more than the bound", () => {
    const big = `big: &big [${Array(MAX_ALIAS_NODES + 5).fill("1").join(", ")}]\ncopy: *big\n`;
    expect(parseYaml(big).error?.message).toMatch(/aliases expand to too many nodes/);
    const once = `big: [${Array(MAX_ALIAS_NODES + 5).fill("1").join(", ")}]\n`;
    expect(parseYaml(once).error).toBeUndefined();
  });
});
