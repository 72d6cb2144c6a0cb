// Plays a recorded OpenCode hook sequence (one {"hook", "input", "output"} a line) into the
// plugin under Node, as OpenCode would call it: a test double of OpenCode's plugin host, not
// OpenCode. Usage: node replay.mjs PLUGIN.js SEQUENCE.jsonl [--time]
// With --time, prints per hook kind the calls and the mean µs per call inside the handler (the
// plugin's added time per event, bench/opencode.cmake).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pluginPath, sequencePath, ...flags] = process.argv.slice(2);
const timed = flags.includes("--time");
const repeat = Number((flags.find((f) => f.startsWith("--repeat=")) || "=1").split("=")[1]);
const module = await import(pathToFileURL(pluginPath).href);
const fakeContext = { directory: process.cwd(), worktree: process.cwd(), client: {}, project: {} };
const hooks = await module.MosaicTelemetry(fakeContext);
const calls = readFileSync(sequencePath, "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));
const timing = new Map();
const HANDS_OFF = new Set(["chat.message", "event session.status", "event session.idle"]);
const record = (key, spent) => {
  const t = timing.get(key) || { calls: 0, us: 0, samples: [] };
  t.calls++;
  t.us += spent;
  t.samples.push(spent);
  timing.set(key, t);
};
for (let round = 0; round < repeat; round++) {
  for (const { hook, input, output } of calls) {
    const started = process.hrtime.bigint();
    if (hook === "event") await hooks.event({ event: input });
    else if (hooks[hook]) await hooks[hook](input, output);
    const spent = Number(process.hrtime.bigint() - started) / 1000;
    const key = hook === "event" ? "event " + (input && input.type) : hook;
    record(key, spent);
    if (!HANDS_OFF.has(key)) record("*other", spent);
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
if (timed)
  for (const [key, t] of timing)
    console.log(JSON.stringify({ hook: key, calls: t.calls, us: t.us, p50: median(t.samples) }));
