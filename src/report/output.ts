/**
 * Where a file reporter's text goes: a file (parent folders created) or, for `--reporter json=-`,
 * a stream such as stdout.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Writable } from "node:stream";

export type Destination = { kind: "file"; path: string } | { kind: "stream"; stream: Writable };

export async function writeOutput(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content, "utf8");
}

export async function deliver(dest: Destination, content: string): Promise<void> {
  if (dest.kind === "file") return writeOutput(dest.path, content);
  await new Promise<void>((resolve, reject) => dest.stream.write(content, (err) => (err ? reject(err) : resolve())));
}
