import { spawnSync } from "node:child_process";
import path from "node:path";

// The analytical note of every year of the snapshot, as DOCX files in one zip: the «Обзор» page's download button
// takes the chosen year's file out of it. Made by the note itself (`npm run note -- --zip -`, same model and
// renderer), in a process of its own: the site depends on the snapshot's contract, not on the pipeline's modules.
const root = path.resolve(import.meta.dirname, "..", "..");
const run = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "pipeline", "cli", "note.ts"), "--zip", "-"], {
  cwd: root,
  maxBuffer: 512 * 1024 * 1024,
  stdio: ["ignore", "pipe", "pipe"]
});
process.stderr.write(run.stderr.toString().replace(/^(?=.)/gm, "notes: "));
if (run.status === 0) process.stdout.write(run.stdout);
else process.exitCode = 1;
