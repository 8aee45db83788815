import { FileAttachment } from 'observablehq:stdlib';

/** The site's meta.json, for a component with no meta at hand (release-view.ts loads this module on demand). */
export function siteMeta(): Promise<unknown> {
  return FileAttachment('../data/pages/meta.json').json();
}
