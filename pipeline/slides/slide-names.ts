// How the slide export names its files, apart from the renderer (which loads Chromium and the site build), so the
// note can read the names without loading either.

/**
 * A readable, sortable piece of a file name: words joined by hyphens, letters (Cyrillic too) and digits only, so it
 * needs no quoting in a shell, an archive or a slide program's file dialog.
 * @example slug("г. Комсомольск-на-Амуре") // "г-Комсомольск-на-Амуре"
 */
export function slug(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
