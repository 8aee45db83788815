import type { Reference } from '../reference/reference.ts';
import type { OrgTraits } from './model.ts';
import { fullName, randomPerson, randomPhone, transliterate } from './people.ts';
import type { OrgTypeId, Profile } from './profile.ts';
import type { Rng } from './random.ts';
import { formSpelling, territorySpelling } from './spelling.ts';
import { atKhabarovsk, DAY, khabarovskDate, khabarovskIso } from './time.ts';
import type { RegistryCounts } from './types.ts';

/** One record of the mentors' registry, exactly as REGISTRY_API.md shows an item. */
export interface RegistryMentor {
  id: string;
  updated_at: string;
  deleted: boolean;
  full_name: string;
  email: string;
  phone: string;
  municipality: string;
  organisation: { inn: string; name: string };
  org_type: string;
  forms: string[];
  personalised_programme: boolean;
  trained: boolean;
  trained_at: string | null;
  registered_at: string;
}

export interface RegistryData {
  mentors: RegistryMentor[];
  changes: RegistryMentor[];
  counts: RegistryCounts;
}

/** Words people type in the registry's free-text type field; each is a synonym in org_types.csv. */
const ORG_TYPE_TEXT: Readonly<Record<OrgTypeId, readonly string[]>> = {
  OO: ['ОО', 'ОО', 'школа', 'СОШ', 'общеобразовательная организация', 'Общеобразовательное учреждение'],
  SPO: ['СПО', 'СПО', 'колледж', 'техникум', 'ПОО', 'профессиональная образовательная организация'],
  DO: ['ДО', 'ДОО', 'УДО', 'учреждение дополнительного образования', 'ЦДТ'],
};

function randomDay(rng: Rng, fromUtc: number, toUtc: number): number {
  return fromUtc + rng.int(0, Math.max(0, Math.round((toUtc - fromUtc) / DAY))) * DAY;
}

const workingSeconds = (rng: Rng) => rng.int(8 * 3600, 19 * 3600);
const ISO_END_2024 = Date.UTC(2024, 11, 28);

/** The registry of mentors of the sample organisations, plus a later batch of changes for incremental syncs. */
export function buildRegistry(
  ref: Reference,
  profile: Profile,
  organisations: readonly OrgTraits[],
  rng: Rng,
  scale: number,
): RegistryData {
  const spec = profile.registry;
  const total = Math.max(30, Math.round(spec.mentors * scale));
  const weights = organisations.map((o) => o.baseStudents ** 0.7);
  const emails = new Set<string>();

  const person = (r: Rng, org: OrgTraits, registeredYear: number) => {
    const p = randomPerson(r);
    const local = `${transliterate(p.surname)}.${transliterate(p.name[0]!)}${transliterate(p.patronymic[0]!)}`;
    let email = `${local}@example.ru`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@example.ru`;
    emails.add(email);
    const unknown = r.chance(spec.unmappableMunicipalityShare);
    return {
      full_name: fullName(p),
      email,
      phone: randomPhone(r),
      municipality: unknown
        ? r.pick(spec.unmappableMunicipalities)
        : territorySpelling(r, ref, org.org.territoryId, registeredYear),
    };
  };

  const mentorRecord = (i: number, r: Rng): RegistryMentor => {
    const org = r.weighted(organisations, weights);
    const year = r.weighted(spec.registeredYears, spec.registeredWeights);
    const registered = randomDay(r, Date.UTC(year, 0, 15), Date.UTC(year, 11, 20));
    const trained = r.chance(0.45 + 0.1 * (year - spec.registeredYears[0]!));
    const trainedAt = trained
      ? randomDay(r, Math.max(Date.UTC(2020, 8, 1), registered - 300 * DAY), ISO_END_2024 - 10 * DAY)
      : null;
    const updated = atKhabarovsk(randomDay(r, Math.max(registered, trainedAt ?? 0), ISO_END_2024), workingSeconds(r));
    return {
      id: `m-${String(i).padStart(6, '0')}`,
      updated_at: khabarovskIso(updated),
      deleted: false,
      ...person(r, org, year),
      organisation: { inn: org.org.inn, name: org.org.name },
      org_type: r.pick(ORG_TYPE_TEXT[org.org.orgTypeId]),
      forms: r
        .shuffle(org.org.formIds)
        .slice(0, r.int(1, Math.min(3, org.org.formIds.length)))
        .map((f) => formSpelling(r, ref, f, org.org.orgTypeId)),
      personalised_programme: r.chance(0.8),
      trained,
      trained_at: trainedAt === null ? null : khabarovskDate(new Date(trainedAt)),
      registered_at: khabarovskDate(new Date(registered)),
    };
  };

  const mentors = Array.from({ length: total }, (_, i) => mentorRecord(i + 1, rng.fork(`mentor:${i + 1}`)));
  const isUnmappable = (m: RegistryMentor) => spec.unmappableMunicipalities.includes(m.municipality);
  // Small samples must still carry the case a client has to report.
  if (!mentors.some(isUnmappable)) mentors[0]!.municipality = spec.unmappableMunicipalities[0]!;

  const changeRng = rng.fork('changes');
  const count = Math.max(10, Math.round(spec.changes * scale));
  const deletedCount = Math.max(1, Math.round(count * spec.deletedShareOfChanges));
  const newCount = Math.max(1, Math.round(count * spec.newShareOfChanges));
  const touched = changeRng.shuffle(mentors).slice(0, count - newCount);
  const changeTime = (r: Rng) =>
    atKhabarovsk(randomDay(r, Date.UTC(2025, 0, 10), Date.UTC(2025, 2, 31)), workingSeconds(r));
  const changes: RegistryMentor[] = touched.map((m, i) => {
    const r = changeRng.fork(`change:${m.id}`);
    const next: RegistryMentor = {
      ...m,
      organisation: { ...m.organisation },
      forms: [...m.forms],
      updated_at: khabarovskIso(changeTime(r)),
    };
    if (i < deletedCount) return { ...next, deleted: true };
    const what = r.int(0, 2);
    if (what === 0 && !m.trained) {
      next.trained = true;
      next.trained_at = khabarovskDate(new Date(Date.parse(next.updated_at) - r.int(5, 60) * DAY));
    } else if (what === 1) next.phone = randomPhone(r);
    else next.personalised_programme = !m.personalised_programme;
    return next;
  });
  for (let i = 0; i < newCount; i++) {
    const r = changeRng.fork(`new:${i}`);
    const m = mentorRecord(total + i + 1, r);
    const at = changeTime(r);
    changes.push({
      ...m,
      registered_at: khabarovskDate(new Date(at.getTime() - r.int(0, 20) * DAY)),
      trained: false,
      trained_at: null,
      updated_at: khabarovskIso(at),
    });
  }
  changes.sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : 1));

  return {
    mentors,
    changes,
    counts: {
      mentors: mentors.length,
      changes: changes.length,
      changesDeleted: deletedCount,
      changesNew: newCount,
      unmappableMunicipalities: mentors.filter(isUnmappable).length,
    },
  };
}
