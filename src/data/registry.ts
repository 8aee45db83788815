import { territoryLabels } from "./reference.ts";
import { readSnapshot } from "./snapshot.ts";

// «Реестр наставников»: counts only (mart_registry holds no personal data, and nothing else of the registry is read).
export function registryData() {
  const territories = territoryLabels();
  const rows = readSnapshot("mart_registry").map((r) => ({
    territory_id: r.territory_id,
    year: r.year,
    mentors_registered: r.mentors_registered,
    mentors_with_programme: r.mentors_with_programme,
    mentors_trained: r.mentors_trained,
    programmes_reported: r.programmes_reported,
    organisations_reporting_programmes: r.organisations_reporting_programmes,
    registry_to_reported_pct: r.registry_to_reported_pct
  }));
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  // The region is every row of the year, the unrecognised municipality included: the mart's rows add up to it.
  // Its ratio is Σ mentors with a programme / Σ programmes reported, never an average of the territories' ratios.
  const region = years.map((year) => {
    const ofYear = rows.filter((r) => r.year === year);
    const sum = (pick: (r: (typeof rows)[number]) => number | null) => ofYear.reduce((s, r) => s + (pick(r) ?? 0), 0);
    const anyReported = ofYear.some((r) => r.programmes_reported != null);
    const programmes_reported = anyReported ? sum((r) => r.programmes_reported) : null;
    const mentors_with_programme = sum((r) => r.mentors_with_programme);
    return {
      year,
      mentors_registered: sum((r) => r.mentors_registered),
      mentors_with_programme,
      mentors_trained: sum((r) => r.mentors_trained),
      programmes_reported,
      organisations_reporting_programmes: sum((r) => r.organisations_reporting_programmes),
      registry_to_reported_pct: programmes_reported ? Math.round((mentors_with_programme / programmes_reported) * 1e6) / 1e4 : null
    };
  });
  return { years, territories, rows, region };
}
