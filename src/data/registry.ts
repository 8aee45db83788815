import { siteYears, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

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
  // every year with an accepted form (meta), so that the forms' programmes show even where the registry has nothing
  const years = [...new Set([...siteYears(), ...rows.map((r) => r.year)])].sort((a, b) => a - b);
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
  return { years, territories, rows, region, status: registryStatus(rows) };
}

/** The registry's key in ops_sources (pipeline/loading/sync-registry.ts). */
const REGISTRY_SOURCE = "mentors_registry";

/**
 * Whether the registry was ever synced (its row in ops_sources, or any mentor counted), and how the «registry» step of
 * the latest run ended, with its reason («не задан REGISTRY_URL»): the page says why it has no registry figures.
 */
function registryStatus(rows: ReadonlyArray<{ mentors_registered: number }>) {
  const source = readSnapshot("ops_sources").find((s) => s.source === REGISTRY_SOURCE);
  const latestRun = readSnapshot("ops_runs").toSorted((a, b) => b.started_at.localeCompare(a.started_at))[0];
  const steps = readSnapshot("ops_run_steps").filter((s) => s.step === "registry");
  const step = steps.find((s) => s.run_id === latestRun?.run_id) ?? steps.toSorted((a, b) => b.started_at.localeCompare(a.started_at))[0];
  let reason: string | null = null;
  if (step?.detail) {
    try {
      const detail = JSON.parse(step.detail) as Record<string, unknown>;
      const text = detail.reason ?? detail.error;
      reason = typeof text === "string" && text.trim() !== "" ? text : null;
    } catch {
      reason = null;
    }
  }
  return {
    loaded: source != null || rows.some((r) => r.mentors_registered > 0),
    last_success_at: source?.last_success_at ?? null,
    last_step: step ? { status: step.status, reason } : null
  };
}
