import type { Reference } from '../reference/reference.ts';
import { buildWorld, formMeasures, makeOrganisation, orgYearValues, type OrgTraits, type World } from './model.ts';
import type { DefectKind, Profile, SubmissionFormat } from './profile.ts';
import type { Rng } from './random.ts';
import { territoryFolder, territorySpelling } from './spelling.ts';
import { DAY, submissionTime } from './time.ts';
import type { MeasureValues, OrgYearValues, SampleFileFormat } from './types.ts';

/** One organisation-year inside a file, with the values as written (defects included). */
export interface Entry {
  traits: OrgTraits;
  year: number;
  values: OrgYearValues;
  defect?: DefectKind;
  /** A value typed as text where a number belongs. */
  text?: { formId: string | null; measureId: string; text: string };
  /** A column of a form that is not in forms.csv. */
  unknownForm?: { label: string; values: MeasureValues };
}

export interface Submission {
  format: SampleFileFormat;
  year: number;
  territoryId: string | null;
  folder: string;
  fileName: string;
  /** How the territory is spelled inside the file. */
  territoryText: string;
  entries: Entry[];
  mtime: Date;
  resubmission: boolean;
  supersedes?: string;
  /** For a corrected file: the organisation whose values it corrects. */
  correctedInn?: string;
  fileDefect?: DefectKind;
  /** For file-level defects of a one-organisation file: whose submission was lost. */
  lostInn?: string;
}

export interface Plan {
  world: World;
  submissions: Submission[];
  missing: { territoryId: string; year: number }[];
}

export const submissionPath = (s: Pick<Submission, 'year' | 'folder' | 'fileName'>): string =>
  `inbox/${s.year}/${s.folder}/${s.fileName}`;

/** Keeps a name usable as a file name on Windows and Unix alike. */
export function safeFileName(name: string): string {
  return name
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[. ]+$/, '')
    .trim();
}

function cloneValues(v: OrgYearValues): OrgYearValues {
  return { org: { ...v.org }, forms: v.forms.map((f) => ({ formId: f.formId, values: { ...f.values } })) };
}

const withSuffix = (fileName: string, suffix: string) => fileName.replace(/(\.[^.]+)$/, `${suffix}$1`);

function formCarrying(ref: Reference, profile: Profile, values: OrgYearValues, measure: string) {
  return values.forms.find(
    (f) => formMeasures(ref, profile, f.formId).includes(measure) && f.values[measure] !== undefined,
  );
}

/** Puts a defect of the given kind into one organisation's values; the rest of the file stays valid. */
function applyDefect(ref: Reference, profile: Profile, entry: Entry, kind: DefectKind, rng: Rng): void {
  const v = entry.values;
  const pupils = formCarrying(ref, profile, v, 'mentees_students');
  if (!pupils) throw new Error(`${entry.traits.org.key}: no form with pupils as mentees`);
  entry.defect = kind;
  switch (kind) {
    case 'negative':
      pupils.values.mentees_students = -rng.int(1, 15);
      return;
    case 'fractional':
      pupils.values.mentees_students = Math.max(12, pupils.values.mentees_students ?? 0) + 0.5;
      return;
    case 'inconsistent':
      pupils.values.mentees_students = (v.org.students_total ?? 0) + rng.int(5, 60);
      return;
    case 'text-in-number':
      entry.text = { formId: pupils.formId, measureId: 'mentees_students', text: 'нет данных' };
      return;
    case 'unknown-form':
      entry.unknownForm = { label: profile.submissions.unknownFormName, values: { mentees_students: rng.int(3, 30) } };
      return;
    case 'pct-over-100':
      v.org.survey_mentees_respondents = Math.max(1, v.org.survey_mentees_respondents ?? 0);
      v.org.satisfaction_mentees_pct = Math.round(rng.between(101, 140) * 10) / 10;
      return;
    default:
      throw new Error(`${kind} is a file-level defect`);
  }
}

/** A plausible first version that a corrected file later replaces: valid, only different. */
function perturb(ref: Reference, profile: Profile, entry: Entry, rng: Rng): void {
  const v = entry.values;
  v.org.students_total = (v.org.students_total ?? 0) + rng.int(3, 40);
  if (v.org.satisfaction_mentors_pct !== undefined)
    v.org.satisfaction_mentors_pct = Math.max(
      0,
      Math.round((v.org.satisfaction_mentors_pct - rng.between(2, 9)) * 10) / 10,
    );
  const pupils = formCarrying(ref, profile, v, 'mentees_students');
  if (pupils && (pupils.values.mentees_students ?? 0) > 3) pupils.values.mentees_students! -= rng.int(1, 3);
}

interface Slot {
  sub: Submission;
  entry: Entry;
}

/**
 * Decides every file of the sample: who sends what in which format, which organisation-years are sent twice, and
 * where the defects sit. Writing the files is left to the writers.
 */
export function planSubmissions(ref: Reference, profile: Profile, rng: Rng, scale: number): Plan {
  const world = buildWorld(ref, profile, rng.fork('world'), scale);
  const submissions: Submission[] = [];
  const missing: { territoryId: string; year: number }[] = [];
  const valuesRng = rng.fork('values');

  for (const year of profile.years) {
    for (const t of [...ref.territories].sort((a, b) => a.sort_order - b.sort_order)) {
      const tp = profile.territories[t.territory_id]!;
      if (tp.missingYears.includes(year)) {
        missing.push({ territoryId: t.territory_id, year });
        continue;
      }
      const tyRng = rng.fork(`files:${t.territory_id}:${year}`);
      const folder = territoryFolder(tyRng, ref, t.territory_id, year);
      const orgs = world.byTerritory.get(t.territory_id) ?? [];
      const entry = (traits: OrgTraits): Entry => ({
        traits,
        year,
        values: orgYearValues(ref, profile, traits, year, valuesRng.fork(`${traits.org.key}:${year}`)),
      });
      const base = { year, territoryId: t.territory_id, folder, resubmission: false };
      if (tp.format === 'xlsx') {
        for (const traits of orgs) {
          const r = tyRng.fork(traits.org.key);
          submissions.push({
            ...base,
            format: 'xlsx',
            fileName: `${safeFileName(traits.org.shortName)}.xlsx`,
            territoryText: territorySpelling(r, ref, t.territory_id, year),
            entries: [entry(traits)],
            mtime: submissionTime(r, year),
          });
        }
      } else if (orgs.length > 0) {
        const short = safeFileName(t.short_name);
        submissions.push({
          ...base,
          format: tp.format,
          fileName: `${tp.format === 'summary-csv' ? 'Свод' : 'Мониторинг'}_${short}_${year}.csv`,
          territoryText: territorySpelling(tyRng, ref, t.territory_id, year),
          entries: orgs.map(entry),
          mtime: submissionTime(tyRng, year),
        });
      }
    }
  }

  const used = new Set<string>();
  const locked = new Set<Submission>();
  const slotKey = (s: Slot) => `${s.entry.year}:${s.entry.traits.org.inn}`;
  const pickSlot = (r: Rng, format: SubmissionFormat): Slot => {
    const slots = submissions
      .filter((s) => s.format === format && !s.resubmission && !locked.has(s) && s.year > profile.years[0]!)
      .flatMap((sub) => sub.entries.map((entry) => ({ sub, entry })))
      .filter((s) => !used.has(slotKey(s)));
    if (slots.length === 0) throw new Error(`No ${format} organisation-year left for a resubmission or defect`);
    const slot = r.pick(slots);
    used.add(slotKey(slot));
    return slot;
  };

  const resubRng = rng.fork('resubmissions');
  const plan = profile.submissions;
  let defectToFix: DefectKind | null = plan.resubmittedDefect;
  for (const [format, count] of Object.entries(plan.resubmissions) as [SubmissionFormat, number][]) {
    for (let i = 0; i < count; i++) {
      const { sub, entry } = pickSlot(resubRng, format);
      const corrected: Submission = {
        ...sub,
        fileName: withSuffix(sub.fileName, '_исправленный'),
        entries: sub.entries.map((e) => ({ ...e, values: cloneValues(e.values) })),
        mtime: new Date(sub.mtime.getTime() + resubRng.int(5, 40) * DAY + resubRng.int(0, 6 * 3600) * 1000),
        resubmission: true,
        supersedes: submissionPath(sub),
        correctedInn: entry.traits.org.inn,
      };
      entry.values = cloneValues(entry.values);
      if (defectToFix !== null && plan.defects[defectToFix] === format) {
        applyDefect(ref, profile, entry, defectToFix, resubRng);
        defectToFix = null;
      } else {
        perturb(ref, profile, entry, resubRng);
      }
      locked.add(sub);
      locked.add(corrected);
      submissions.push(corrected);
    }
  }
  if (defectToFix !== null)
    throw new Error(`profile.json: no ${plan.defects[defectToFix]} resubmission left to correct «${defectToFix}»`);

  const defectRng = rng.fork('defects');
  for (const [kind, format] of Object.entries(plan.defects) as [DefectKind, SubmissionFormat][]) {
    if (kind === plan.resubmittedDefect) continue;
    if (kind === 'unknown-territory') {
      submissions.push(foreignSubmission(ref, profile, defectRng.fork(kind), format));
      continue;
    }
    const slot = pickSlot(defectRng, format);
    locked.add(slot.sub);
    if (kind === 'empty-file') {
      slot.sub.format = 'empty';
      slot.sub.fileDefect = kind;
      if (slot.sub.entries.length === 1) slot.sub.lostInn = slot.entry.traits.org.inn;
      slot.sub.entries = [];
      continue;
    }
    slot.entry.values = cloneValues(slot.entry.values);
    applyDefect(ref, profile, slot.entry, kind, defectRng.fork(kind));
  }

  submissions.sort((a, b) =>
    submissionPath(a) < submissionPath(b) ? -1 : submissionPath(a) > submissionPath(b) ? 1 : 0,
  );
  return { world, submissions, missing };
}

/** A file from the namesake district of another region: nothing in it belongs to this region's warehouse. */
function foreignSubmission(ref: Reference, profile: Profile, rng: Rng, format: SubmissionFormat): Submission {
  const spec = profile.submissions.unknownTerritory;
  const territory = { ...profile.territories[spec.sizeLike]!, placeAdjective: spec.shortName, missingYears: [] };
  const year = rng.pick(profile.years.slice(1));
  const usedNames = new Set<string>();
  const usedInns = new Set<string>();
  const entries: Entry[] = [];
  for (let i = 0; i < spec.organisations; i++) {
    const traits = makeOrganisation(
      rng.fork(`org:${i}`),
      { ref, profile, territoryId: 'foreign', territory, orgType: 'OO', index: i },
      usedNames,
      usedInns,
      [spec.innPrefix],
    );
    entries.push({ traits, year, values: orgYearValues(ref, profile, traits, year, rng.fork(`values:${i}`)) });
  }
  const folder = safeFileName(spec.name);
  const fileName =
    format === 'xlsx'
      ? `${safeFileName(entries[0]!.traits.org.shortName)}.xlsx`
      : `${format === 'summary-csv' ? 'Свод' : 'Мониторинг'}_${safeFileName(spec.shortName)}_${year}.csv`;
  if (format === 'xlsx') entries.splice(1);
  return {
    format,
    year,
    territoryId: null,
    folder,
    fileName,
    territoryText: spec.name,
    entries,
    mtime: submissionTime(rng, year),
    resubmission: false,
    fileDefect: 'unknown-territory',
  };
}
