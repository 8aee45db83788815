import { mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { mapSectionToSlides, slideSection } from "../../pipeline/note/charts.ts";
import { readNoteData } from "../../pipeline/note/note-data.ts";
import { writeNote } from "../../pipeline/note/write-note.ts";
import { readDocx } from "../helpers/docx-text.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { writeFixtureSnapshot } from "../site/fixture-snapshot.ts";

// Charts of the note are the slide export's PNG files, embedded with captions; without them the note says where to
// get them.

const dir = tempDir("note-charts-");

function png(file: string, width: number, height: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const image = new PNG({ width, height });
  image.data.fill(200);
  writeFileSync(file, PNG.sync.write(image));
}

describe("charts of the note", () => {
  it("maps slide file names to the note's sections", () => {
    expect(slideSection("01_обзор_oo_students_share.png")).toBe("indicators");
    expect(slideSection("07_реестр.png")).toBe("registry");
    expect(slideSection("03_Отстающие_lazo.png")).toBe("lagging");
    expect(slideSection("99_прочее.png")).toBeNull();
    expect(slideSection("обзор.png")).toBeNull();
    const names = new Map([["oo_students_share", "Обучающиеся ОО в наставничестве"]]);
    const files = ["/s/02_обзор_03_Молодые-учителя.png", "/s/01_обзор_oo_students_share.png", "/s/05_реестр.png", "/s/01_обзор_00_все-показатели.png"];
    expect(mapSectionToSlides(files.map((file) => ({ file })), "indicators", names)).toEqual([
      { file: "/s/01_обзор_00_все-показатели.png", caption: "Обзор: все показатели" },
      { file: "/s/01_обзор_oo_students_share.png", caption: "Обучающиеся ОО в наставничестве" },
      { file: "/s/02_обзор_03_Молодые-учителя.png", caption: "Обзор: Молодые учителя" }
    ]);
    // the export's manifest (slides.json) titles a slide best
    expect(mapSectionToSlides([{ file: "/s/01_обзор_00_все-показатели.png", title: "Все показатели в 2024 году" }], "indicators", names))
      .toEqual([{ file: "/s/01_обзор_00_все-показатели.png", caption: "Все показатели в 2024 году" }]);
  });

  it("embeds the year's slide PNGs with numbered captions in the DOCX and links them from the Markdown", async () => {
    const data = readNoteData(await writeFixtureSnapshot(path.join(dir, "snapshot")));
    const slides = path.join(dir, "slides");
    png(path.join(slides, "2024", "01_обзор_oo_students_share.png"), 1920, 1080);
    png(path.join(slides, "2024", "02_муниципалитеты_oo_students_share.png"), 800, 600);
    png(path.join(slides, "2024", "99_прочее.png"), 10, 10);
    png(path.join(slides, "2023", "01_обзор_oo_students_share.png"), 10, 10);
    png(path.join(slides, "2024", "03_отстающие_01_Обучающиеся-ОО-в-наставничестве.png"), 10, 10);
    writeFileSync(path.join(slides, "2024", "slides.json"), JSON.stringify([{ png: "2024/03_отстающие_01_Обучающиеся-ОО-в-наставничестве.png", svg: "x.svg", title: "Отстающие муниципалитеты: обучающиеся ОО", embed: "embed/lagging" }]));
    const outDir = path.join(dir, "notes");
    const { note, docx, markdown } = await writeNote(data, { year: 2024, rules: [], outDir, chartsDir: slides });
    const figures = note.sections.flatMap((s) => s.blocks.filter((b) => b.kind === "figure").map((b) => [s.id, b.caption]));
    expect(figures).toEqual([
      ["indicators", "Рисунок 1. Обучающиеся ОО в наставничестве"],
      ["territories", "Рисунок 2. Обучающиеся ОО в наставничестве"],
      ["lagging-territories", "Рисунок 3. Отстающие муниципалитеты: обучающиеся ОО"]
    ]);
    const content = await readDocx(docx);
    expect(Object.keys(content.zip.files).filter((f) => f.startsWith("word/media/"))).toHaveLength(3);
    expect(content.paragraphs).toContain("Рисунок 1. Обучающиеся ОО в наставничестве");
    // a 16:9 slide fills the text width (623 px at 96 dpi) and keeps its proportions: 623 × 350 px in EMU (9525 per px)
    const xml = await content.zip.file("word/document.xml")!.async("string");
    expect(xml).toContain(`cx="${623 * 9525}" cy="${350 * 9525}"`);
    const md = await readFile(markdown, "utf-8");
    expect(md).toContain("![Рисунок 1. Обучающиеся ОО в наставничестве](<../slides/2024/01_обзор_oo_students_share.png>)");
    expect(md).not.toContain("npm run slides");
  });

  it("says where to get the charts when none are given", async () => {
    const data = readNoteData(await writeFixtureSnapshot(path.join(dir, "snapshot2")));
    const { docx } = await writeNote(data, { year: 2024, rules: [], outDir: path.join(dir, "plain") });
    const content = await readDocx(docx);
    expect(Object.keys(content.zip.files).some((f) => f.startsWith("word/media/"))).toBe(false);
    expect(content.text).toContain("Диаграммы в справку не вложены. Их выгружает команда npm run slides");
  });
});
