// mosaic-telemetry: OpenCode plugin (plugin API v1), installed by `mosaic-telemetry install opencode`
//
// It follows each task of an OpenCode session (a user's message to the session going idle) in
// memory, and hands it to `mosaic-telemetry hook opencode` twice: when it begins (so that a task
// OpenCode never finishes is still reported) and, whole, when it ends. The hook turns it into the
// telemetry event (docs/harnesses/opencode.md). The plugin never changes what OpenCode does: its
// handlers return nothing, catch every error, print nothing, and never wait for the command,
// which runs detached with its payload in a file (`opencode run` exits as soon as the session is
// idle, before a pipe could be written). No dependencies: plain ES module, Node and Bun alike.
import { spawn } from "node:child_process";
import { closeSync, openSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const COMMAND = "mosaic-telemetry"; // install writes the command's absolute path here

const TEXT_MAX = 64 * 1024; // the classifiers read the first 64 KiB of a prompt
const COMMAND_MAX = 8 * 1024; // a gate is named by a command's first words
const EDIT_TOOLS = new Set(["edit", "write", "multiedit"]);
const PATCH_FILE = /^\*\*\* (?:(?:Add|Update|Delete) File|Move to): (.+)$/gm;

let sent = 0;

// The payload to the command's stdin through a file of its own (0600, created, not reused),
// unlinked as soon as the child holds it open.
function send(payload) {
  let file = null;
  let fd = -1;
  try {
    file = join(tmpdir(), `mosaic-telemetry-opencode-${process.pid}-${Date.now()}-${sent++}.json`);
    writeFileSync(file, JSON.stringify(payload), { flag: "wx", mode: 0o600 });
    fd = openSync(file, "r");
    const child = spawn(COMMAND, ["hook", "opencode"], {
      detached: true,
      stdio: [fd, "ignore", "ignore"],
      env: process.env,
    });
    child.on("error", () => {});
    child.unref();
  } catch {
    // Telemetry is never worth an error inside OpenCode.
  } finally {
    try {
      if (fd >= 0) closeSync(fd);
      if (file) unlinkSync(file);
    } catch {}
  }
}

function promptText(parts) {
  let text = "";
  for (const part of Array.isArray(parts) ? parts : [])
    if (part && part.type === "text" && !part.synthetic && typeof part.text === "string")
      text += (text ? "\n" : "") + part.text;
  return text.slice(0, TEXT_MAX);
}

function number(value) {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

// An assistant message as OpenCode last reported it: its figures as OpenCode counts them
// (input without the cache, output without reasoning); the hook applies the token rule.
function response(info, subagent) {
  const tokens = info.tokens || {};
  const cache = tokens.cache || {};
  return {
    model: String(info.modelID || ""),
    provider: String(info.providerID || ""),
    subagent,
    input: number(tokens.input),
    output: number(tokens.output),
    reasoning: number(tokens.reasoning),
    cache_read: number(cache.read),
    cache_write: number(cache.write),
    cost_micros: Math.round(number(info.cost) * 1e6),
    completed_ms: number(info.time && info.time.completed),
    error: info.error ? String(info.error.name || "error") : null,
  };
}

export const MosaicTelemetry = async () => {
  const tasks = new Map(); // session id → its task in progress
  const parents = new Map(); // a subagent's session id → its parent's

  const rootOf = (id) => {
    for (let i = 0; i < 32 && parents.has(id); i++) id = parents.get(id);
    return id;
  };
  const taskOf = (sessionID) => tasks.get(rootOf(sessionID));

  function begin(sessionID, message, parts) {
    if (parents.has(sessionID) || tasks.has(sessionID)) return; // a subagent's, or a follow-up
    const model = (message && message.model) || {};
    const task = {
      message_id: String((message && message.id) || ""),
      start_ms: Date.now(),
      responses: new Map(),
      tools: [],
      compactions: 0,
      error: null,
    };
    tasks.set(sessionID, task);
    send({
      hook_event_name: "begin",
      session_id: sessionID,
      message_id: task.message_id,
      time_ms: task.start_ms,
      model: String(model.modelID || ""),
      provider: String(model.providerID || ""),
      prompt: promptText(parts),
    });
  }

  function end(sessionID) {
    const task = tasks.get(sessionID);
    if (!task || parents.has(sessionID)) return;
    tasks.delete(sessionID);
    send({
      hook_event_name: "end",
      session_id: sessionID,
      message_id: task.message_id,
      start_ms: task.start_ms,
      end_ms: Date.now(),
      error: task.error,
      compactions: task.compactions,
      responses: [...task.responses.values()],
      tools: task.tools,
    });
  }

  function toolDone(input, output) {
    const task = taskOf(input.sessionID);
    if (!task) return;
    const args = input.args || {};
    if (input.tool === "bash") {
      const exit = output && output.metadata ? output.metadata.exit : undefined;
      task.tools.push({
        tool: "bash",
        command: String(args.command || "").slice(0, COMMAND_MAX),
        exit: typeof exit === "number" ? exit : null,
      });
    } else if (EDIT_TOOLS.has(input.tool) && typeof args.filePath === "string") {
      task.tools.push({ tool: input.tool, file: args.filePath });
    } else if (input.tool === "apply_patch" && typeof args.patchText === "string") {
      for (const match of args.patchText.matchAll(PATCH_FILE))
        task.tools.push({ tool: "apply_patch", file: match[1].trim() });
    }
  }

  function onEvent(event) {
    const props = event.properties || {};
    switch (event.type) {
      case "session.created":
      case "session.updated":
        if (props.info && props.info.parentID) parents.set(props.info.id, props.info.parentID);
        break;
      case "message.updated": {
        const info = props.info;
        const task = info && info.role === "assistant" ? taskOf(info.sessionID) : null;
        if (task) task.responses.set(info.id, response(info, parents.has(info.sessionID)));
        break;
      }
      case "session.compacted": {
        const task = taskOf(props.sessionID);
        if (task) task.compactions++;
        break;
      }
      case "session.error": {
        const task = props.sessionID ? taskOf(props.sessionID) : null;
        if (task && !parents.has(props.sessionID))
          task.error = String((props.error && props.error.name) || "error");
        break;
      }
      case "session.status":
        if (props.status && props.status.type === "idle") end(props.sessionID);
        break;
      case "session.idle": // deprecated, still sent after session.status
        end(props.sessionID);
        break;
    }
  }

  const guard =
    (fn) =>
    async (...args) => {
      try {
        fn(...args);
      } catch {}
    };

  return {
    event: guard(({ event }) => onEvent(event || {})),
    "chat.message": guard((input, output) =>
      begin(input.sessionID, output && output.message, output && output.parts),
    ),
    "tool.execute.after": guard((input, output) => toolDone(input || {}, output)),
  };
};
