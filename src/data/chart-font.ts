import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// PT Sans (regular and bold; Latin and Cyrillic subsets) as base64, for the chart images presenters download: a
// standalone SVG must carry its font to look the same in slide software, and a PNG is drawn from that SVG. Only the
// export buttons and the embed pages fetch this file, never a page's first load.
const require = createRequire(import.meta.url);
const filesDir = path.join(path.dirname(require.resolve("@fontsource/pt-sans/package.json")), "files");

// The unicode ranges of @fontsource/pt-sans's CSS, so a browser takes each glyph from the right subset.
const RANGES = {
  latin: "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
  cyrillic: "U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116"
} as const;

export function chartFontData() {
  const faces = (["latin", "cyrillic"] as const).flatMap((subset) =>
    ([400, 700] as const).map((weight) => ({
      weight,
      unicodeRange: RANGES[subset],
      woff2: readFileSync(path.join(filesDir, `pt-sans-${subset}-${weight}-normal.woff2`)).toString("base64")
    }))
  );
  return { family: "PT Sans", faces };
}
