/**
 * Loggers and metrics exporters: they never change what the client receives, so accepting their
 * config and letting traffic through is a faithful emulation of the client-visible path.
 * (What they would emit is not produced.)
 */
import type { EmulatedPlugin } from "./types.js";
import { KONG_PRIORITIES } from "./priorities.js";

const PASSIVE = [
  "file-log", "http-log", "tcp-log", "udp-log", "syslog", "loggly", "kafka-log", "kong-splunk-log",
  "prometheus", "statsd", "statsd-advanced", "datadog", "opentelemetry", "zipkin", "app-dynamics",
  "solace-log", "metering-and-billing", "moesif",
];

export const PASSIVE_PLUGINS: EmulatedPlugin<Record<string, unknown>>[] = PASSIVE.map((name) => ({
  name,
  priority: KONG_PRIORITIES[name] ?? 0,
  fidelity: "full",
  gaps: ["no log lines, metrics or spans are emitted"],
}));
