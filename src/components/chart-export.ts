import type { FrameSpec } from './chart-frame.js';
import { formatDateTime } from '../contract/format.js';
import { downloadRelease, type ReleaseInfo, releaseSource } from './release-view.js';

/** What every page loads as meta.json: enough to say where the figures come from and when. */
export interface SourceMeta {
  generated_at: string;
  synthetic: boolean;
  region: { name: string; time_zone: string };
  /** The release a release's site shows (release-view.ts). */
  release?: ReleaseInfo | null;
}

/**
 * The source line and data date of a chart image, from the page's meta: the region, and for the sample that the
 * figures are synthetic and on a release's site which release it is (a slide travels without the page's notice).
 * @example chartSource(meta) // { source: "мониторинг целевой модели наставничества, Хабаровский край", dataDate: "22 ноября 2026" }
 */
export function chartSource(meta: SourceMeta): { source: string; dataDate: string } {
  return {
    source: `мониторинг целевой модели наставничества, ${meta.region.name}${meta.synthetic ? ' (синтетические данные)' : ''}${meta.release ? `, ${releaseSource(meta.release)}` : ''}`,
    dataDate: formatDateTime(meta.generated_at, meta.region.time_zone).replace(/,.*$/, ''),
  };
}

export interface ChartExportSpec extends FrameSpec {
  /** The downloaded file's name without extension, in Russian: «Обзор — Доля … — 2024». */
  fileName: string;
  /** The embed page of this chart, relative to the current page: "./embed/trend?indicator=…&year=2024". */
  embed?: string;
}

/** A file name any system accepts: no path or reserved characters, no runs of spaces, not too long. */
export function safeFileName(name: string): string {
  return name
    .replace(/[\\/:*?"<>|«»\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
}

/**
 * A query string from parameters, leaving out the empty ones.
 * @example embedQuery({ indicator: "mentees_share", year: 2024, territory: null }) // "indicator=mentees_share&year=2024"
 */
export function embedQuery(params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value != null && value !== '') query.set(key, String(value));
  return query.toString();
}

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A chart's export spec, or a function that loads it: pages pass `async () => (await import(…slide-charts.js)).…Slide(…)`
 * so that the code which redraws every chart for a slide is fetched on the first click, not before the page's first
 * chart (it would pull in the modules of charts the page does not show).
 */
export type ChartExportSource = ChartExportSpec | (() => Promise<ChartExportSpec>);

/**
 * The buttons under a chart: PNG at 2× and 3× (3840×2160, 5760×3240), SVG (1920×1080, font embedded), and the link
 * to its embed page. The image is the chart redrawn in the 16:9 slide frame with title, unit, source and data date;
 * the frame code and the font load on the first click only, so the page's first load stays light. A spec given as a
 * loader (every chart of the slide modules has an embed page) is loaded on the first click too.
 * @example chartExport({ title, subtitle: "%", ...chartSource(meta), fileName: "Обзор — динамика", draw: (width) => chart(width) })
 */
export function chartExport(source: ChartExportSource): HTMLElement {
  let loaded: Promise<ChartExportSpec> | undefined;
  // kept once loaded; a failed load (the network dropped) is tried again on the next click
  const spec = () =>
    (loaded ??= (typeof source === 'function' ? source() : Promise.resolve(source)).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  const bar = document.createElement('div');
  bar.className = 'chart-export';
  const status = document.createElement('span');
  status.className = 'chart-export-status';
  status.setAttribute('role', 'status');
  const button = (label: string, title: string, action: () => Promise<void>) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.title = title;
    b.addEventListener('click', async () => {
      b.disabled = true;
      status.textContent = 'готовим…';
      try {
        await action();
        if (status.textContent === 'готовим…') status.textContent = '';
      } catch (error) {
        status.textContent = `не получилось: ${(error as Error).message}`;
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };
  const svg = async () => (await import('./chart-frame.js')).frameSvg(await spec());
  // on a release's site the file says which release it is, as a table's download does
  const name = async () => {
    const [{ fileName }, release] = await Promise.all([spec(), downloadRelease()]);
    return safeFileName(release ? `${fileName} — ${release.filePart}` : fileName);
  };
  const png = (scale: number) => async () => {
    const frame = await import('./chart-frame.js');
    save(await frame.svgToPng(await svg(), scale), `${await name()} (${scale}x).png`);
  };
  bar.append(
    button('PNG 2×', 'Картинка 3840×2160 для слайда', png(2)),
    button('PNG 3×', 'Картинка 5760×3240 для печати и большого экрана', png(3)),
    button('SVG', 'Векторный файл 1920×1080 со встроенным шрифтом', async () =>
      save(new Blob([await svg()], { type: 'image/svg+xml' }), `${await name()}.svg`),
    ),
  );
  if (typeof source === 'function' || source.embed) {
    const link = document.createElement('input');
    link.type = 'text';
    link.readOnly = true;
    link.className = 'chart-export-link';
    link.hidden = true;
    link.setAttribute('aria-label', 'Ссылка для встраивания');
    bar.append(
      button('Ссылка для встраивания', 'Адрес страницы с одним этим графиком 16:9 — для iframe в слайдах', async () => {
        const { embed } = await spec();
        if (!embed) throw new Error('у этого графика нет страницы для встраивания');
        const url = new URL(embed, location.href).href;
        // shown as well as copied: the clipboard may be refused (no permission, plain http)
        link.value = url;
        link.hidden = false;
        link.select();
        const copied = await navigator.clipboard?.writeText(url).then(
          () => true,
          () => false,
        );
        status.textContent = copied ? 'ссылка скопирована' : 'скопируйте ссылку из поля';
      }),
      link,
    );
  }
  bar.append(status);
  return bar;
}
