import { formatDate, formatYear } from '../contract/format.js';

// How the site shows a release (npm run release): each release has a site of its own, built from its frozen
// snapshot and served at releases/<id>/ of the current site; its meta.json names it. The pages, the chart images,
// the embed links and the table downloads of a release's site all say which release they show.

/** A release as meta.json gives it. */
export interface ReleaseInfo {
  id: string;
  label: string;
  year: number;
  version: number;
  created_at: string;
}

export interface ReleaseMeta {
  /** The release this site shows; null on the current site. */
  release?: ReleaseInfo | null;
  /** The releases whose sites the current site carries (none on a release's site). */
  releases?: ReleaseInfo[];
  region: { time_zone: string };
}

/**
 * A release in words.
 * @example releaseName(r, "Asia/Vladivostok") // "«Справка в министерство» — 2022 год, версия 1, от 31 января 2023 г."
 */
export function releaseName(release: ReleaseInfo, timeZone: string): string {
  return `«${release.label}» — ${formatYear(release.year)} год, версия ${release.version}, от ${formatDate(release.created_at, timeZone)}`;
}

/** What a chart's source line adds on a release's site: «выпуск «Справка в министерство» (2022 год, версия 1)». */
export function releaseSource(release: ReleaseInfo): string {
  return `выпуск «${release.label}» (${formatYear(release.year)} год, версия ${release.version})`;
}

/** The part a downloaded table's file name gains: «выпуск 2022 v1 2023-01-31» (the day is the release's). */
export function releaseFilePart(release: ReleaseInfo): string {
  return `выпуск ${release.year} v${release.version} ${release.id.slice(0, 10)}`;
}

let siteMeta: Promise<ReleaseMeta> | undefined;

/**
 * On a release's site, the file-name part and the line «Выпуск «…» — …» a downloaded table carries; null on the
 * current site. From the site's meta.json, for a component with no meta at hand.
 */
export async function downloadRelease(): Promise<{ filePart: string; line: string } | null> {
  // loaded on the first download: Framework's stdlib is a module of the site only (unit tests import this file)
  siteMeta ??= import('./site-meta.js').then((m) => m.siteMeta() as Promise<ReleaseMeta>);
  const meta = await siteMeta;
  if (!meta.release) return null;
  return {
    filePart: releaseFilePart(meta.release),
    line: `Выпуск ${releaseName(meta.release, meta.region.time_zone)}: цифры на момент выпуска.`,
  };
}

/**
 * The root of this site (the current site's, or a release's at releases/<id>/): this module is served from
 * _import/components/ of it.
 */
const siteRoot = () => new URL('../../', import.meta.url);

/** Where the page being read is, from the site's root: "territory/khabarovsk?year=2022". */
function route(): string {
  const root = siteRoot().href;
  return location.href.startsWith(root) ? location.href.slice(root.length) : '';
}

/** The same page on the current site (from a release's site). */
export function currentUrl(release: ReleaseInfo): string {
  const root = siteRoot().href;
  const current = root.endsWith(`/releases/${release.id}/`) ? new URL('../../', root).href : root;
  return new URL(route(), current).href;
}

/** The same page on a release's site (from the current site). */
export function releaseUrl(release: ReleaseInfo): string {
  return new URL(`releases/${release.id}/${route()}`, siteRoot()).href;
}

/**
 * Under a page's title: on a release's site, which release it shows and a link to the current data; on the current
 * site, a choice of the releases it carries (nothing when there are none).
 */
export function releaseBar(meta: ReleaseMeta): HTMLElement | null {
  const timeZone = meta.region.time_zone;
  if (meta.release) {
    const notice = document.createElement('div');
    notice.className = 'note release-notice';
    notice.id = 'release-notice';
    notice.setAttribute('label', 'Выпуск');
    const text = document.createElement('span');
    text.textContent = `Показан выпуск ${releaseName(meta.release, timeZone)}: цифры на момент выпуска, новые файлы их не меняют. `;
    const link = document.createElement('a');
    link.id = 'release-current';
    link.href = currentUrl(meta.release);
    link.textContent = 'Перейти к текущим данным';
    notice.append(text, link);
    return notice;
  }
  const releases = meta.releases ?? [];
  if (releases.length === 0) return null;
  const bar = document.createElement('div');
  bar.className = 'release-picker';
  const label = document.createElement('label');
  label.htmlFor = 'release-picker';
  label.textContent = 'Данные:';
  const select = document.createElement('select');
  select.id = 'release-picker';
  select.append(new Option('текущие', '', true, true));
  for (const r of [...releases].reverse()) select.append(new Option(`выпуск ${releaseName(r, timeZone)}`, r.id));
  select.addEventListener('change', () => {
    const chosen = releases.find((r) => r.id === select.value);
    if (chosen) location.assign(releaseUrl(chosen));
  });
  bar.append(label, select);
  return bar;
}
