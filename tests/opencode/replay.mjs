// Plays a recorded OpenCode hook sequence (one {"hook", "input", "output"} a line) into the
// plugin under Node, as OpenCode would call it: a test double of OpenCode's plugin host, not
// OpenCode. Usage: node replay.mjs PLUGIN.js SEQUENCE.jsonl [--time]
// With --time, prints per hook kind the calls and the mean µs per call inside the handler (the
// plugin's added time per event, bench/opencode.cmake).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pluginPath, sequencePath, flag] = process.argv.slice(2);
const module = await import(pathToFileURL(pluginPath).href);
const fakeContext = { directory: process.cwd(), worktree: process.cwd(), client: {}, project: {} };
const hooks = await module.MosaicTelemetry(fakeContext);
const lines = readFileSync(sequencePath, "utf8").split("\n").filter((l) => l.trim());
const timing = new Map();
for (const line of lines) {
  const { hook, input, output } = JSON.parse(line);
  const started = process.hrtime.bigint();
  if (hook === "event") await hooks.event({ event: input });
  else if (hooks[hook]) await hooks[hook](input, output);
  const spent = Number(process.hrtime.bigint() - started) / 1000;
  const key = hook === "event" ? "event " + (input && input.type) : hook;
  const t = timing.get(key) || { calls: 0, us: 0 };
  t.calls++, (t.us += spent), timing.set(key, t);
}
if (flag === "--time")
  for (const [key, t] of timing) console.log(JSON.stringify({ hook: key, calls: t.calls, us: t.us }));
