import { formatDateTime } from '../contract/format.js';
import { type ReleaseInfo, releaseBar } from './release-view.js';

export interface StampMeta {
  generated_at: string;
  synthetic: boolean;
  region: { name: string; time_zone: string; time_zone_city: string };
  release?: ReleaseInfo | null;
  releases?: ReleaseInfo[];
}

/**
 * What every page says under its title: the region, when the data was last loaded (in the region's time), which
 * release it shows or which it offers (release-view.ts), and, for the demo data, that the figures are synthetic.
 * @example display(dataStamp(meta));
 */
export function dataStamp(meta: StampMeta): HTMLElement {
  const box = document.createElement('div');
  box.className = 'data-stamp';
  const region = document.createElement('p');
  region.className = 'kpi-note';
  region.id = 'region';
  region.textContent = meta.region.name;
  const loaded = document.createElement('p');
  loaded.className = 'kpi-note';
  loaded.id = 'loaded-at';
  loaded.textContent = `Данные загружены: ${formatDateTime(meta.generated_at, meta.region.time_zone)} (${meta.region.time_zone_city})`;
  box.append(region, loaded);
  const release = releaseBar(meta);
  if (release) box.append(release);
  if (meta.synthetic) {
    const notice = document.createElement('div');
    notice.className = 'warning';
    notice.id = 'synthetic-notice';
    notice.setAttribute('label', 'Демонстрационные данные');
    notice.textContent =
      'Синтетические данные для демонстрации: цифры сгенерированы и не описывают реальные организации.';
    box.append(notice);
  }
  return box;
}
