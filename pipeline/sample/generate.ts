import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadReference, type Reference } from '../reference/reference.ts';
import { formMeasures } from './model.ts';
import { planSubmissions, submissionPath, type Entry, type Submission } from './plan.ts';
import { loadProfile, type Profile } from './profile.ts';
import { Rng } from './random.ts';
import { assertSpellingsReadable } from './spelling.ts';
import { atKhabarovsk, khabarovskIso } from './time.ts';
import type { SampleDefect, SampleFile, SampleResubmission, SampleResult, TruthRow } from './types.ts';
import { longCsv, summaryCsv } from './write-csv.ts';
import { buildRegistry } from './write-registry.ts';
import { xlsxSubmission } from './write-xlsx.ts';

export type * from './types.ts';

export interface GenerateOptions {
  seed: number;
  outDir: string;
  /** 0 < scale ≤ 1 shrinks organisation and registry counts; every case the tests need stays. */
  scale?: number;
  reference?: Reference;
  profile?: Profile;
}

export const README_NAME = 'ПРОЧТИТЕ.txt';
/** Outputs that are not submissions get one fixed time, so a rerun leaves identical metadata too. */
const OUTPUT_TIME = atKhabarovsk(Date.UTC(2025, 3, 1), 9 * 3600);

function writeAt(outDir: string, relative: string, content: Buffer | string, mtime: Date): void {
  const full = path.join(outDir, ...relative.split('/'));
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  utimesSync(full, mtime, mtime);
}

async function fileContent(ref: Reference, profile: Profile, sub: Submission, rng: Rng): Promise<Buffer> {
  switch (sub.format) {
    case 'xlsx':
      return xlsxSubmission(ref, profile, sub, rng);
    case 'summary-csv':
      return summaryCsv(ref, profile, sub, rng);
    case 'long-csv':
      return longCsv(ref, profile, sub, rng);
    case 'empty':
      return Buffer.alloc(0);
  }
}

/**
 * What a correct load must keep: per organisation-year the newest file in which that organisation has no error,
 * from files that are not rejected as a whole.
 */
export function truthOf(ref: Reference, profile: Profile, submissions: readonly Submission[]): TruthRow[] {
  const latest = new Map<string, { sub: Submission; entry: Entry }>();
  for (const sub of submissions) {
    if (sub.fileDefect || sub.territoryId === null) continue;
    for (const entry of sub.entries) {
      if (entry.defect) continue;
      const key = `${entry.year}:${entry.traits.org.inn}`;
      const known = latest.get(key);
      if (!known || known.sub.mtime < sub.mtime) latest.set(key, { sub, entry });
    }
  }
  const order = new Map(ref.measures.map((m) => [m.measure_id, m.sort_order]));
  const territoryOrder = new Map(ref.territories.map((t) => [t.territory_id, t.sort_order]));
  const rows: TruthRow[] = [];
  for (const { sub, entry } of latest.values()) {
    const org = entry.traits.org;
    const base = {
      year: entry.year,
      territoryId: sub.territoryId!,
      inn: org.inn,
      orgName: org.name,
      orgTypeId: org.orgTypeId,
    };
    for (const m of [...ref.measures].sort((a, b) => a.sort_order - b.sort_order)) {
      const v = entry.values.org[m.measure_id];
      if (m.block !== 'form' && v !== undefined)
        rows.push({ ...base, formId: null, measureId: m.measure_id, value: v });
    }
    for (const f of entry.values.forms) {
      for (const m of formMeasures(ref, profile, f.formId)) {
        const v = f.values[m];
        if (v !== undefined) rows.push({ ...base, formId: f.formId, measureId: m, value: v });
      }
    }
  }
  const formOrder = new Map(ref.forms.map((f) => [f.form_id, f.sort_order]));
  return rows.sort(
    (a, b) =>
      a.year - b.year ||
      territoryOrder.get(a.territoryId)! - territoryOrder.get(b.territoryId)! ||
      (a.inn < b.inn ? -1 : a.inn > b.inn ? 1 : 0) ||
      (a.formId === null ? 0 : formOrder.get(a.formId)!) - (b.formId === null ? 0 : formOrder.get(b.formId)!) ||
      order.get(a.measureId)! - order.get(b.measureId)!,
  );
}

function defectsOf(submissions: readonly Submission[]): SampleDefect[] {
  return submissions.flatMap((sub): SampleDefect[] => {
    const where = { path: submissionPath(sub), year: sub.year, territoryId: sub.territoryId };
    if (sub.fileDefect)
      return [{ ...where, inn: sub.lostInn ?? null, kind: sub.fileDefect, expected: 'file-rejected' }];
    return sub.entries.flatMap((e) =>
      e.defect ? [{ ...where, inn: e.traits.org.inn, kind: e.defect, expected: 'org-year-rejected' as const }] : [],
    );
  });
}

function readme(seed: number, scale: number, profile: Profile): string {
  const years = `${profile.years[0]}–${profile.years[profile.years.length - 1]}`;
  return [
    `Синтетический пример данных мониторинга целевой модели наставничества (${profile.regionName}, ${years})`,
    '',
    'ВСЕ ДАННЫЕ В ЭТОЙ ПАПКЕ ВЫМЫШЛЕНЫ. Это не сведения реальных организаций и не официальная отчётность.',
    'Наименования организаций, ИНН, численность, ответы анкет, ФИО, телефоны и адреса электронной почты',
    `сгенерированы программой «Наставничество·Мониторинг» (npm run sample) с зерном ${seed}`,
    `и масштабом ${String(scale).replace('.', ',')}. Совпадения с реальными организациями и людьми случайны.`,
    'Тот же запуск с тем же зерном и масштабом даёт побайтно те же файлы.',
    '',
    'Состав:',
    '  inbox/<год>/<муниципалитет>/  — файлы, как их присылают муниципалитеты и краевые организации:',
    '                                   XLSX по каждой организации, сводные CSV (Windows-1251) и построчные CSV (UTF-8);',
    '  registry/mentors.json          — реестр наставников (формат записи — как в API реестра, REGISTRY_API.md);',
    '  registry/changes.json          — последующие изменения реестра для проверки инкрементальной загрузки.',
    '',
    'Среди файлов намеренно есть ошибочные (отрицательные и дробные числа, текст вместо числа, неизвестная форма',
    'наставничества, процент больше 100, чужой муниципалитет, пустой файл) и исправленные повторные отправки',
    '(«_исправленный» в имени файла) — они нужны для проверки загрузки.',
    '',
  ].join('\r\n');
}

/**
 * Writes a deterministic synthetic sample (inbox files, registry, README) under outDir and returns what a correct
 * pipeline must make of it. Only inbox/, registry/ and the README are replaced; the profile beside them stays.
 * @example const result = await generateSample({ seed: 1, outDir: '/tmp/sample', scale: 0.05 })
 */
export async function generateSample(options: GenerateOptions): Promise<SampleResult> {
  const { seed, outDir } = options;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`Зерно должно быть целым неотрицательным числом, получено ${seed}`);
  if (!(scale > 0 && scale <= 1)) throw new Error(`Масштаб должен быть в пределах (0; 1], получено ${scale}`);
  const ref = options.reference ?? loadReference();
  const profile = options.profile ?? loadProfile();
  assertSpellingsReadable(ref, profile.years);

  const rng = new Rng(seed);
  const plan = planSubmissions(ref, profile, rng.fork('plan'), scale);

  for (const owned of ['inbox', 'registry', README_NAME])
    rmSync(path.join(outDir, owned), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const files: SampleFile[] = [];
  for (const sub of plan.submissions) {
    const relative = submissionPath(sub);
    writeAt(outDir, relative, await fileContent(ref, profile, sub, rng.fork(`file:${relative}`)), sub.mtime);
    files.push({
      path: relative,
      format: sub.format,
      year: sub.year,
      territoryId: sub.territoryId,
      orgYears: sub.entries.length,
      resubmission: sub.resubmission,
      mtime: khabarovskIso(sub.mtime),
    });
  }

  const registry = buildRegistry(ref, profile, plan.world.organisations, rng.fork('registry'), scale);
  writeAt(outDir, 'registry/mentors.json', JSON.stringify(registry.mentors, null, 2) + '\n', OUTPUT_TIME);
  writeAt(outDir, 'registry/changes.json', JSON.stringify(registry.changes, null, 2) + '\n', OUTPUT_TIME);
  writeAt(outDir, README_NAME, readme(seed, scale, profile), OUTPUT_TIME);

  const resubmissions: SampleResubmission[] = plan.submissions
    .filter((s) => s.resubmission)
    .map((s) => ({
      path: submissionPath(s),
      supersedes: s.supersedes!,
      year: s.year,
      territoryId: s.territoryId!,
      inn: s.correctedInn!,
    }));

  return {
    seed,
    scale,
    outDir,
    organisations: plan.world.organisations.map((o) => o.org),
    files,
    truth: truthOf(ref, profile, plan.submissions),
    defects: defectsOf(plan.submissions),
    resubmissions,
    missing: plan.missing,
    registry: registry.counts,
  };
}
