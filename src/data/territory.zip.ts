import JSZip from "jszip";
import { readSnapshot } from "./snapshot.ts";
import { territoryPage } from "./territory-page.ts";

// Every territory's page data in one archive, `<territory_id>.json` each: the page fetches only its own member
// (Framework extracts `data/territory/<id>.json` from this archive at build), and the build starts one loader
// process instead of one per territory, each start costing seconds.
try {
  const zip = new JSZip();
  // a fixed date keeps the archive the same for the same snapshot
  const date = new Date(Date.UTC(2020, 0, 1));
  for (const { territory_id } of readSnapshot("ref_territories")) {
    zip.file(`${territory_id}.json`, JSON.stringify(territoryPage(territory_id)), { date });
  }
  process.stdout.write(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
