import type { ChartExportSpec } from './chart-export.js';
import { frameSvg } from './chart-frame.js';

/**
 * An embed page's content: the chart alone in its 16:9 slide frame (the same SVG the «SVG» button downloads),
 * as large as the window allows, for an iframe in slide software or a screenshot. A parameter that names nothing
 * gets a sentence saying so. `data-state` tells a waiting script (tests, `npm run slides`) when it is drawn.
 * @example display(await chartEmbed(() => trendSlide(overview, meta, slideParams(location.search), "../")));
 */
export async function chartEmbed(spec: () => ChartExportSpec): Promise<HTMLElement> {
  const box = document.createElement('div');
  box.className = 'chart-embed';
  try {
    const s = spec();
    box.innerHTML = await frameSvg(s);
    box.dataset.title = s.title;
    box.dataset.fileName = s.fileName;
    box.dataset.state = 'ready';
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'chart-embed-message';
    p.textContent = (error as Error).message;
    box.append(p);
    box.dataset.state = 'error';
  }
  return box;
}
