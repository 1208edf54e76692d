// A JSON-lines server: one request per line on stdin, one response per line on stdout.
//
// Request:  {"id": 1, "op": "sign" | "verify" | "present" | "verifyPresentation" |
//            "verifyOnTheWeb", "request": {...}}
// Response: {"id": 1, "ok": true, "result": {...}} or {"id": 1, "ok": false, "error": "..."}
//
// The first line written is {"ready": true, "versions": {...}}. Requests are answered in the
// order they arrive. Node starts slowly and the libraries load slowly, so the tests keep one
// server per test module instead of starting a process per credential.
import {createInterface} from 'node:readline';

import {OPERATIONS, installedVersions} from './operations.mjs';

function respond(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

async function handle(line) {
  let id = null;
  try {
    const message = JSON.parse(line);
    id = message.id ?? null;
    const operation = OPERATIONS[message.op];
    if(operation === undefined) {
      throw new TypeError(`unknown op "${message.op}"`);
    }
    respond({id, ok: true, result: await operation(message.request)});
  } catch(error) {
    respond({id, ok: false, error: String(error?.stack ?? error)});
  }
}

respond({ready: true, versions: installedVersions()});

let queue = Promise.resolve();
for await (const line of createInterface({input: process.stdin, crlfDelay: Infinity})) {
  if(line.trim() !== '') {
    queue = queue.then(() => handle(line));
  }
}
await queue;
