import JSZip from "jszip";
import { changesData } from "./changes.ts";
import { chartFontData } from "./chart-font.ts";
import { checklistData } from "./checklist.ts";
import { formsData } from "./forms.ts";
import { laggingData } from "./lagging.ts";
import { metaData } from "./meta.ts";
import { orgTypesData } from "./org-types.ts";
import { overviewData } from "./overview.ts";
import { qualityData } from "./quality.ts";
import { registryData } from "./registry.ts";
import { readSnapshot } from "../contract/snapshot.ts";
import { territoriesData } from "./territories.ts";
import { territoryPage } from "./territory-page.ts";

// Every page's data in one archive, a member per page and per territory: a page fetches only its own members
// (Framework extracts `data/pages/<member>` from the archive at build), and the build starts one loader process
// instead of one per page, each start of a TypeScript loader costing more than a second.
const PAGES: Record<string, () => unknown> = {
  "meta.json": metaData,
  "overview.json": overviewData,
  "territories.json": territoriesData,
  "lagging.json": laggingData,
  "org-types.json": orgTypesData,
  "forms.json": formsData,
  "registry.json": registryData,
  "checklist.json": checklistData,
  "quality.json": qualityData,
  "changes.json": changesData,
  "chart-font.json": chartFontData
};

try {
  const zip = new JSZip();
  // a fixed date keeps the archive the same for the same snapshot
  const date = new Date(Date.UTC(2020, 0, 1));
  for (const [name, shape] of Object.entries(PAGES)) zip.file(name, JSON.stringify(await shape()), { date });
  for (const { territory_id } of readSnapshot("ref_territories")) {
    zip.file(`territory/${territory_id}.json`, JSON.stringify(territoryPage(territory_id)), { date });
  }
  // never shipped: Framework only extracts members, so compressing them would cost time for nothing
  process.stdout.write(await zip.generateAsync({ type: "nodebuffer", compression: "STORE" }));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
