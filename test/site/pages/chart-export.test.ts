import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { formatDateTime, formatPct } from "../../../src/components/format.ts";
import type { IndicatorValue, RefIndicator, RefTerritory, SnapshotMeta } from "../../../src/data/snapshot.ts";
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from "./browser.ts";

// Chart images for slides: every chart's PNG 2×/3×, SVG and embed link, and the embed pages, on the sample site.
let values: IndicatorValue[];
let indicators: RefIndicator[];
let territories: RefTerritory[];
let meta: SnapshotMeta;
let forms: Array<{ form_id: string; name: string }>;

beforeAll(async () => {
  values = await sampleSnapshot("mart_indicator_values");
  indicators = await sampleSnapshot("ref_indicators");
  territories = await sampleSnapshot("ref_territories");
  meta = await sampleSnapshot("meta");
  forms = await sampleSnapshot("ref_forms");
});

const region = (indicator: string, year: number) => values.find((v) => v.level === "region" && v.indicator_id === indicator && v.year === year)!;
/** The frame starts its headings with a capital: «город Хабаровск» → «Город Хабаровск». */
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const indicator = (id: string) => indicators.find((i) => i.indicator_id === id)!;
const SOURCE = () =>
  `Источник: мониторинг целевой модели наставничества, ${meta.region.name} (синтетические данные) · данные на ${formatDateTime(meta.generated_at, meta.region.time_zone).replace(/,.*$/, "")}`;

interface Download {
  name: string;
  bytes: Buffer;
}

async function download(page: Page, button: Locator): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), button.click()]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

interface SvgFacts {
  parseError: string | null;
  width: string | null;
  height: string | null;
  title: string;
  subtitle: string;
  source: string;
  /** Every text of the drawing (SVG text elements, in document order). */
  texts: string[];
  barCount: number;
}

/** Parses an SVG document as XML in the browser (any XML error is reported) and reads what it says. */
function svgFacts(page: Page, svg: string): Promise<SvgFacts> {
  return page.evaluate((markup) => {
    const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
    const error = doc.querySelector("parsererror");
    const root = doc.documentElement;
    const all = (selector: string) => [...doc.querySelectorAll(selector)].map((t) => t.textContent ?? "");
    return {
      parseError: error ? error.textContent : null,
      width: root.getAttribute("width"),
      height: root.getAttribute("height"),
      title: all("text.frame-title").join(" "),
      subtitle: all("text.frame-subtitle").join(" "),
      source: all("text.frame-source").join(" "),
      texts: all("text"),
      barCount: doc.querySelectorAll('g[aria-label="bar"] rect').length
    };
  }, svg);
}

/** Pixels of one colour (±12 per channel) in a decoded PNG, optionally in a band of rows. */
function countColour(png: PNG, [r, g, b]: readonly [number, number, number], rows: readonly [number, number] = [0, png.height]): number {
  let n = 0;
  for (let y = rows[0]; y < rows[1]; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (Math.abs(png.data[i]! - r) <= 12 && Math.abs(png.data[i + 1]! - g) <= 12 && Math.abs(png.data[i + 2]! - b) <= 12) n++;
    }
  }
  return n;
}
const FACT_BLUE = [0x00, 0x72, 0xb2] as const;
const TITLE_INK = [0x1b, 0x1e, 0x23] as const;

describe("chart images on «Обзор»", () => {
  let opened: OpenedPage;
  beforeAll(async () => {
    opened = await openPage(".");
    await opened.page.waitForSelector("#trend .chart-export button");
  });
  afterAll(async () => {
    await opened?.close();
  });
  const toolbar = (card: string) => opened.page.locator(`${card} .chart-export`);

  it("puts the buttons under every chart and keeps the font and frame code out of the first load", async () => {
    const { page } = opened;
    expect(await page.locator(".chart-export").count()).toBe(3);
    for (const card of ["#progress", "#trend", "#bars"]) {
      expect(await toolbar(card).locator("button").allTextContents()).toEqual(["PNG 2×", "PNG 3×", "SVG", "Ссылка для встраивания"]);
    }
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(loaded.filter((u) => /chart-font|chart-frame/.test(u))).toEqual([]);
    expect(opened.bytes()).toBeLessThan(500_000);
  });

  it("downloads the trend as a standalone 1920×1080 SVG with title, unit, values, source, date and PT Sans inside", async () => {
    const { page } = opened;
    const i = indicator("oo_students_share");
    const svg = await download(page, toolbar("#trend").getByRole("button", { name: "SVG" }));
    expect(svg.name).toBe(`Обзор — ${i.short_name} — по годам.svg`);
    const text = svg.bytes.toString("utf-8");
    const facts = await svgFacts(page, text);
    expect(facts.parseError).toBeNull();
    expect([facts.width, facts.height]).toEqual(["1920", "1080"]);
    expect(facts.title).toBe(i.name);
    expect(facts.subtitle).toBe(`Значение по краю по годам, %: базовое ${formatPct(i.baseline_pct)} в 2020 году, цель ${formatPct(i.target_pct)} к 2024 году`);
    expect(facts.source).toBe(SOURCE());
    for (const year of meta.years) expect(facts.texts).toContain(formatPct(region(i.indicator_id, year).value_pct));
    expect(facts.texts).toEqual(expect.arrayContaining(["значение по краю", "траектория (от базового значения к цели)", "2020", "2024"]));
    // the font travels inside: regular and bold, Latin and Cyrillic
    expect(text.match(/@font-face\{font-family:"PT Sans"/g)).toHaveLength(4);
    expect(text.match(/src:url\(data:font\/woff2;base64,/g)).toHaveLength(4);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(text).not.toContain("var(--");
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(loaded.filter((u) => u.includes("chart-font"))).toHaveLength(1);
  });

  it("downloads PNGs of 3840×2160 and 5760×3240 with the title's text and the chart drawn", async () => {
    const { page } = opened;
    const two = await download(page, toolbar("#trend").getByRole("button", { name: "PNG 2×" }));
    expect(two.name).toBe(`Обзор — ${indicator("oo_students_share").short_name} — по годам (2x).png`);
    const png = PNG.sync.read(two.bytes);
    expect([png.width, png.height]).toEqual([3840, 2160]);
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // white frame, not transparent
    // the title's first line (y 60–115 at 1×) has dark ink: the embedded font was drawn, not left out
    expect(countColour(png, TITLE_INK, [120, 230])).toBeGreaterThan(5000);
    expect(countColour(png, FACT_BLUE)).toBeGreaterThan(20_000);
    const three = PNG.sync.read((await download(page, toolbar("#trend").getByRole("button", { name: "PNG 3×" }))).bytes);
    expect([three.width, three.height]).toEqual([5760, 3240]);
    await screenshot(page, "chart-export-overview");
  });

  it("copies the embed link of the chart as it is set on the page, and follows the year chosen", async () => {
    const { page } = opened;
    const origin = new URL(page.url()).origin;
    await toolbar("#trend").getByRole("button", { name: "Ссылка для встраивания" }).click();
    await expect.poll(() => toolbar("#trend").locator(".chart-export-link").inputValue()).toBe(`${origin}/embed/trend?indicator=oo_students_share&year=2024`);
    expect(await toolbar("#trend").locator(".chart-export-status").textContent()).toMatch(/^(ссылка скопирована|скопируйте ссылку из поля)$/);
    await page.getByLabel("Год").selectOption({ label: "2022" });
    await toolbar("#bars").getByRole("button", { name: "Ссылка для встраивания" }).click();
    await expect.poll(() => toolbar("#bars").locator(".chart-export-link").inputValue()).toBe(`${origin}/embed/territories?indicator=oo_students_share&year=2022`);
    const bars = await svgFacts(page, (await download(page, toolbar("#bars").getByRole("button", { name: "SVG" }))).bytes.toString("utf-8"));
    const reported2022 = values.filter((v) => v.level === "territory" && v.indicator_id === "oo_students_share" && v.year === 2022 && v.value_pct != null);
    expect(bars.barCount).toBe(reported2022.length);
    expect(bars.subtitle).toBe("Муниципалитеты в 2022 году, %; пунктир — траектория 2022 года");
    expect(opened.errors).toEqual([]);
    // the downloads are blob: URLs of the page itself; nothing else may leave the site
    expect(opened.outside.filter((u) => !u.startsWith(`blob:${origin}/`))).toEqual([]);
    expect(opened.outside.length).toBeGreaterThan(0);
  });
});

describe("every chart of the site has the buttons, and its SVG is that chart", () => {
  // [route, charts on the page, the card whose SVG is checked, its expected title from the page itself]
  const cases: Array<[string, number, string, (page: Page) => Promise<string>]> = [
    ["territories", 1, "#territories-map", async (page) => (await page.locator("#territories-summary strong").first().textContent())!],
    ["lagging", 1, "#lagging-territories-card", async (page) => `Муниципалитеты ниже траектории в 2024 году: ${await page.textContent("#lagging-territory-count")}`],
    ["org-types", 2, "#org-types-trend", async (page) => (await page.locator("#org-types-trend h2").textContent())!],
    ["forms", 3, "#forms-contribution", async (page) => (await page.locator("#forms-contribution h2").textContent())!],
    ["registry", 2, "#registry-trend", async () => "Реестр наставников по годам"],
    ["checklist", 3, "#checklist-region", async () => "Чек-лист внедрения целевой модели в 2024 году"],
    ["quality", 2, "#quality-files", async (page) => (await page.locator("#quality-files h2").textContent())!],
    ["territory/khabarovsk", 2, "#territory-indicators", async () => `${territories.find((t) => t.territory_id === "khabarovsk")!.name}: показатели наставничества по годам`]
  ];
  for (const [route, charts, card, expectedTitle] of cases) {
    it(`/${route}: ${charts} chart(s); the SVG of ${card} is titled as the page says`, async () => {
      const opened = await openPage(route);
      try {
        const { page } = opened;
        await page.waitForSelector(`${card} .chart-export button`);
        expect(await page.locator(".chart-export").count()).toBe(charts);
        const svg = await download(page, page.locator(`${card} .chart-export`).getByRole("button", { name: "SVG" }));
        expect(svg.name).toMatch(/\.svg$/);
        const facts = await svgFacts(page, svg.bytes.toString("utf-8"));
        expect(facts.parseError).toBeNull();
        expect([facts.width, facts.height]).toEqual(["1920", "1080"]);
        expect(facts.title).toBe(capital((await expectedTitle(page)).trim()));
        expect(facts.source).toBe(SOURCE());
        expect(facts.texts.length).toBeGreaterThan(10);
        expect(opened.errors).toEqual([]);
        expect(opened.outside.filter((u) => !u.startsWith(`blob:${new URL(page.url()).origin}/`))).toEqual([]);
      } finally {
        await opened.close();
      }
    }, 120_000);
  }
});

describe("embed pages", () => {
  async function embed(route: string, viewport = { width: 1600, height: 900 }) {
    const opened = await openPage(route, viewport);
    await opened.page.waitForSelector(".chart-embed[data-state]");
    const state = await opened.page.getAttribute(".chart-embed", "data-state");
    const svg = state === "ready" ? await opened.page.evaluate(() => new XMLSerializer().serializeToString(document.querySelector("svg.chart-frame")!)) : null;
    return { opened, state, svg, facts: svg == null ? null : await svgFacts(opened.page, svg) };
  }

  it("draw the indicator and year of the URL alone, at 16:9 filling the window", async () => {
    const a = await embed("embed/trend?indicator=oo_students_share&year=2024");
    const b = await embed("embed/trend?indicator=young_teachers_share&year=2022");
    try {
      expect(a.facts!.title).toBe(indicator("oo_students_share").name);
      expect(b.facts!.title).toBe(indicator("young_teachers_share").name);
      for (const year of meta.years) {
        expect(a.facts!.texts).toContain(formatPct(region("oo_students_share", year).value_pct));
        expect(b.facts!.texts).toContain(formatPct(region("young_teachers_share", year).value_pct));
      }
      const box = await a.opened.page.locator("svg.chart-frame").boundingBox();
      expect(box).toEqual({ x: 0, y: 0, width: 1600, height: 900 });
      expect(await a.opened.page.locator("#observablehq-sidebar").count()).toBe(0);
      await screenshot(a.opened.page, "embed-trend");
      for (const { opened } of [a, b]) {
        expect(opened.errors).toEqual([]);
        expect(opened.outside).toEqual([]);
        expect(opened.bytes()).toBeLessThan(500_000);
      }
    } finally {
      await a.opened.close();
      await b.opened.close();
    }
  });

  it("territories: one bar per territory with a value in the year of the URL", async () => {
    for (const year of [2024, 2022]) {
      const { opened, facts } = await embed(`embed/territories?indicator=oo_students_share&year=${year}`);
      try {
        const reported = values.filter((v) => v.level === "territory" && v.indicator_id === "oo_students_share" && v.year === year && v.value_pct != null);
        expect(facts!.barCount).toBe(reported.length);
        for (const v of reported) expect(facts!.texts).toContain(formatPct(v.value_pct));
        expect(facts!.subtitle).toContain(`в ${year} году`);
      } finally {
        await opened.close();
      }
    }
  });

  it("territory, with and without an indicator; forms by form, territory and type", async () => {
    const t = territories.find((d) => d.territory_id === "komsomolsk")!;
    const whole = await embed("embed/territory?territory=komsomolsk");
    const one = await embed("embed/territory?territory=komsomolsk&indicator=do_students_share");
    const form = forms[1]!;
    const slice = await embed(`embed/forms?form=${form.form_id}&territory=khabarovsk&type=OO&year=2024`);
    const shares = await embed("embed/forms?year=2023&type=SPO");
    try {
      expect(whole.facts!.title).toBe(capital(`${t.name}: показатели наставничества по годам`));
      expect(one.facts!.title).toBe(capital(`${t.name}: ${indicator("do_students_share").name}`));
      // one panel instead of one per indicator: its panel title is the only indicator named
      // a panel title may take two lines: the words are read together
      const wholeText = whole.facts!.texts.join(" ");
      const oneText = one.facts!.texts.join(" ");
      for (const i of indicators) expect(wholeText).toContain(i.short_name);
      expect(indicators.filter((i) => oneText.includes(i.short_name)).map((i) => i.indicator_id)).toEqual(["do_students_share"]);
      expect(slice.facts!.title).toBe(`Форма «${form.name}»: доля среди наставляемых по годам`);
      expect(slice.facts!.subtitle).toBe("ОО, г. Хабаровск; %");
      expect(shares.facts!.title).toBe("Доля каждой формы наставничества среди наставляемых в 2023 году");
      expect(shares.facts!.subtitle).toBe("СПО, весь край; %");
    } finally {
      for (const e of [whole, one, slice, shares]) await e.opened.close();
    }
  });

  it("say which parameter names nothing instead of drawing another chart", async () => {
    const bad = await embed("embed/trend?indicator=no_such_indicator");
    const year = await embed("embed/lagging?year=1999");
    try {
      expect(bad.state).toBe("error");
      expect(await bad.opened.page.textContent(".chart-embed")).toBe("Нет такого значения параметра «показатель»: no_such_indicator");
      expect(await year.opened.page.textContent(".chart-embed")).toBe(`Нет данных за 1999 год: есть ${meta.years.join(", ")}`);
    } finally {
      await bad.opened.close();
      await year.opened.close();
    }
  });
});
