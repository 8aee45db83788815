import JSZip from "jszip";
import path from "node:path";
import { loadConfig } from "../../pipeline/config.ts";
import { buildNote } from "../../pipeline/note/build-note.ts";
import { snapshotYears } from "../../pipeline/note/figures.ts";
import { readNoteData } from "../../pipeline/note/note-data.ts";
import { renderDocx } from "../../pipeline/note/render-docx.ts";
import { readRules, RULES_FILE } from "../../pipeline/note/rules.ts";
import { noteFileBase } from "../components/note-file.ts";

// The analytical note of every year of the snapshot, as DOCX files in one zip: the «Обзор» page's download button
// takes the chosen year's file out of it. Same model and renderer as `npm run note`; no charts (the slides are
// exported apart).
try {
  const config = loadConfig();
  const data = readNoteData(config.SNAPSHOT_DIR);
  const rules = readRules(path.join(config.REFERENCE_DIR, RULES_FILE));
  const zip = new JSZip();
  // the archive's own dates follow the data, so the same snapshot gives the same entries
  const date = new Date(data.meta.generated_at);
  for (const [i, year] of snapshotYears(data).entries()) {
    const note = buildNote(data, { year, rules });
    // the same rules miss the same things in every year: say it once
    if (i === 0) for (const warning of note.warnings) process.stderr.write(`notes: ${warning}\n`);
    zip.file(`${noteFileBase(year)}.docx`, await renderDocx(note), { date, binary: true });
  }
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
  process.stderr.write(`notes: ${snapshotYears(data).length} notes, ${bytes.length} bytes\n`);
  process.stdout.write(bytes);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
