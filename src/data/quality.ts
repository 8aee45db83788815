import { orgTypeLabels, reference, territoryLabels } from "./reference.ts";
import { readSnapshot } from "../contract/snapshot.ts";

/** More findings than this would make the page heavy; the page says how many were left out. */
const MAX_FINDINGS = 3000;
/** Distinct error messages kept per problem file: the findings table below has the rest. */
const MAX_REASONS = 3;

// «Качество данных»: the pipeline's runs, sources, files and findings, and the marts' coverage and value findings.
export function qualityData() {
  const territories = territoryLabels();
  const indicators = reference("ref_indicators", ["indicator_id", "short_name"]);
  const orgTypes = orgTypeLabels();

  const runs = readSnapshot("ops_runs").toSorted((a, b) => b.started_at.localeCompare(a.started_at));

  const steps = readSnapshot("ops_run_steps");
  // The named steps of the latest run, in the order they ran.
  const lastRunSteps = steps
    .filter((s) => s.run_id === runs[0]?.run_id)
    .toSorted((a, b) => a.started_at.localeCompare(b.started_at))
    .map(({ step, status, started_at, finished_at, detail }) => ({
      step, status, started_at, finished_at, detail: detail == null ? null : (JSON.parse(detail) as Record<string, unknown>)
    }));
  // Freshness: when a source's step last succeeded (the source was read through), beside when it last brought data.
  const lastSuccess = (step: string) =>
    steps.filter((s) => s.step === step && s.status === "success" && s.finished_at != null).map((s) => s.finished_at!).sort().at(-1) ?? null;

  // The inbox has no row of its own in ops_sources: it last loaded at the end of the latest run that took files in.
  // No run took a file in: the inbox was read (checked) but never brought data, and the page says so (note).
  const lastLoading = runs.find((r) => r.files_loaded > 0 && r.finished_at != null);
  const opsSources = readSnapshot("ops_sources");
  // The registry never synced has no row in ops_sources: its row says why, from the latest run's «registry» step.
  const registryStep = steps
    .filter((s) => s.step === "registry")
    .toSorted((a, b) => b.started_at.localeCompare(a.started_at))[0];
  const stepReason = (detail: string | null) => {
    try {
      const parsed = detail == null ? null : (JSON.parse(detail) as Record<string, unknown>);
      const text = parsed?.reason ?? parsed?.error;
      return typeof text === "string" && text.trim() !== "" ? text.trim() : null;
    } catch {
      return null;
    }
  };
  const sources = [
    ...(runs.length > 0
      ? [{
          source: "inbox", last_at: lastLoading ? (lastLoading.finished_at ?? lastLoading.started_at) : null, checked_at: lastSuccess("inbox"),
          files_loaded: lastLoading?.files_loaded ?? 0, records_applied: null, watermark: null,
          note: lastLoading ? null : "ни один файл ещё не принят"
        }]
      : []),
    ...opsSources.map((s) => ({
      source: s.source, last_at: s.last_success_at, checked_at: lastSuccess("registry"),
      files_loaded: null, records_applied: s.records_applied, watermark: s.watermark, note: null
    })),
    ...(runs.length > 0 && !opsSources.some((s) => s.source === "mentors_registry")
      ? [{
          source: "mentors_registry", last_at: null, checked_at: null, files_loaded: null, records_applied: null, watermark: null,
          note: `не загружался${registryStep ? `: ${stepReason(registryStep.detail) ?? (registryStep.status === "failed" ? "синхронизация не удалась" : "шаг пропущен")}` : ""}`
        }]
      : [])
  ];

  const files = readSnapshot("ops_files");
  const findings = readSnapshot("ops_findings");

  // A file that names several territories or years counts once in each; an unreadable one under null (not recognised).
  const cells = new Map<string, { year: number | null; territory_id: string | null; received: number; partial: number; rejected: number }>();
  for (const f of files) {
    for (const year of f.years?.length ? f.years : [null]) {
      for (const territory_id of f.territory_ids?.length ? f.territory_ids : [null]) {
        const key = `${year}|${territory_id}`;
        const cell = cells.get(key) ?? { year, territory_id, received: 0, partial: 0, rejected: 0 };
        cell.received++;
        if (f.status === "partial") cell.partial++;
        if (f.status === "rejected") cell.rejected++;
        cells.set(key, cell);
      }
    }
  }

  const errorsByFile = new Map<string, string[]>();
  for (const f of findings) {
    if (f.file_sha256 == null || f.severity !== "error") continue;
    const messages = errorsByFile.get(f.file_sha256) ?? [];
    if (!messages.includes(f.message)) messages.push(f.message);
    errorsByFile.set(f.file_sha256, messages);
  }
  // Rejected files first: nothing of them reached the marts.
  const problemFiles = files
    .filter((f) => f.status !== "loaded")
    .toSorted((a, b) => Number(a.status !== "rejected") - Number(b.status !== "rejected") || b.received_at.localeCompare(a.received_at))
    .map((f) => {
      const reasons = errorsByFile.get(f.file_sha256) ?? [];
      return {
        file_name: f.file_name,
        source_path: f.source_path,
        received_at: f.received_at,
        status: f.status,
        org_years_accepted: f.org_years_accepted,
        org_years_rejected: f.org_years_rejected,
        territory_ids: f.territory_ids ?? [],
        years: f.years ?? [],
        reasons: reasons.slice(0, MAX_REASONS),
        more_reasons: Math.max(0, reasons.length - MAX_REASONS)
      };
    });

  // The snapshot carries at most 200 findings per file, each row saying how many its file has in all.
  const perFile = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.file_sha256}\u0000${f.file_name}`;
    perFile.set(key, f.findings_in_file ?? (perFile.get(key) ?? 0) + 1);
  }
  const findingsTotal = [...perFile.values()].reduce((sum, n) => sum + n, 0);

  // Errors first, then by file and place, so a cut keeps what matters most.
  const sortedFindings = findings.toSorted((a, b) => Number(a.severity !== "error") - Number(b.severity !== "error"));
  const shownFindings = sortedFindings.slice(0, MAX_FINDINGS).map((f) => ({
    file_name: f.file_name,
    sheet: f.sheet,
    row_number: f.row_number,
    column_name: f.column_name,
    value: f.value,
    severity: f.severity,
    message: f.message
  }));

  const valueFindings = readSnapshot("mart_value_findings").map((v) => ({
    indicator_id: v.indicator_id,
    year: v.year,
    territory_id: v.territory_id,
    org_type_id: v.org_type_id,
    organisation: v.organisation,
    code: v.code,
    message: v.message
  }));

  const coverage = readSnapshot("mart_coverage").map((c) => ({
    territory_id: c.territory_id,
    year: c.year,
    organisations_expected: c.organisations_expected,
    organisations_reported: c.organisations_reported,
    organisations_missing: c.organisations_missing,
    share_reported_pct: c.share_reported_pct
  }));

  const years = [...new Set([...coverage.map((c) => c.year), ...files.flatMap((f) => f.years ?? [])])].sort((a, b) => a - b);
  process.stderr.write(`quality: ${runs.length} runs, ${files.length} files, ${findings.length} findings, ${valueFindings.length} value findings\n`);
  return {
    years,
    territories,
    indicators,
    org_types: orgTypes,
    runs,
    steps: lastRunSteps,
    sources,
    files_total: files.length,
    file_cells: [...cells.values()],
    problem_files: problemFiles,
    findings: shownFindings,
    findings_total: findingsTotal,
    value_findings: valueFindings,
    // contingent totals that did not fill a form (form's own value, unmatched, below a count, no form, superseded)
    contingent: readSnapshot("mart_contingent")
      .filter((c) => c.status !== "used")
      .map(({ file_name, row_number, year, territory_id, organisation, status, message }) => ({ file_name, row_number, year, territory_id, organisation, status, message })),
    contingent_used: readSnapshot("mart_contingent").filter((c) => c.status === "used").length,
    coverage
  };
}
