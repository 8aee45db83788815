import type { OrgTypeId } from './profile.ts';
import type { Rng } from './random.ts';

export interface OrgName {
  /** Full name as written in a form header, e.g. МАОУ «Гимназия № 3». */
  name: string;
  /** Name without the legal form, for file names, e.g. Гимназия № 3. */
  shortName: string;
}

/** Invented-looking but ordinary settlement names, so rural schools read naturally without naming real ones. */
const SETTLEMENTS = [
  'Берёзовка',
  'Сосновка',
  'Октябрьский',
  'Ключевое',
  'Таёжный',
  'Кедровка',
  'Светлое',
  'Лесное',
  'Первомайское',
  'Привольное',
  'Заречное',
  'Горный',
  'Тополёво',
  'Речной',
  'Полевое',
  'Озёрное',
  'Рябиновка',
  'Каменка',
  'Дубовка',
  'Ольховка',
  'Садовое',
  'Весёлый',
  'Широкое',
  'Южный',
  'Северный',
  'Малиновка',
  'Покровка',
  'Еловый',
  'Луговое',
  'Звёздный',
];

const SCHOOL_KINDS: readonly { weight: number; make: (n: number) => OrgName }[] = [
  { weight: 55, make: (n) => ({ name: `МБОУ СОШ № ${n}`, shortName: `СОШ № ${n}` }) },
  { weight: 12, make: (n) => ({ name: `МАОУ СОШ № ${n}`, shortName: `СОШ № ${n}` }) },
  { weight: 7, make: (n) => ({ name: `МАОУ «Гимназия № ${n}»`, shortName: `Гимназия № ${n}` }) },
  { weight: 6, make: (n) => ({ name: `МБОУ «Лицей № ${n}»`, shortName: `Лицей № ${n}` }) },
  { weight: 8, make: (n) => ({ name: `МБОУ ООШ № ${n}`, shortName: `ООШ № ${n}` }) },
  { weight: 5, make: (n) => ({ name: `МБОУ «Средняя школа № ${n}»`, shortName: `Средняя школа № ${n}` }) },
];

const RURAL_KINDS: readonly { weight: number; make: (place: string) => OrgName }[] = [
  { weight: 5, make: (p) => ({ name: `МБОУ СОШ с. ${p}`, shortName: `СОШ с. ${p}` }) },
  { weight: 3, make: (p) => ({ name: `МБОУ СОШ п. ${p}`, shortName: `СОШ п. ${p}` }) },
  { weight: 2, make: (p) => ({ name: `МКОУ ООШ с. ${p}`, shortName: `ООШ с. ${p}` }) },
];

// Names must reveal the type on their own: a seed-002 form without the header block states it nowhere else.
const REGIONAL_SCHOOL_KINDS: readonly ((n: number) => OrgName)[] = [
  (n) => ({ name: `КГБОУ «Кадетская школа № ${n}»`, shortName: `Кадетская школа № ${n}` }),
  (n) => ({ name: `КГКОУ «Школа № ${n}»`, shortName: `Краевая школа № ${n}` }),
  (n) => ({ name: `КГАОУ «Центр образования № ${n}»`, shortName: `Центр образования № ${n}` }),
];

const COLLEGE_PROFILES = [
  'технологический',
  'педагогический',
  'политехнический',
  'строительный',
  'промышленно-экономический',
  'торгово-экономический',
  'автомеханический',
  'судостроительный',
  'агропромышленный',
  'лесопромышленный',
  'энергетический',
  'дорожно-строительный',
  'индустриальный',
  'технический',
  'многопрофильный',
  'транспортный',
];

const CENTRE_KINDS = [
  'Центр детского творчества',
  'Дом детского творчества',
  'Центр внешкольной работы',
  'Станция юных техников',
  'Центр развития творчества детей и юношества',
  'Центр детского технического творчества',
  'Детско-юношеский центр',
  'Центр детского (юношеского) творчества',
];
const CENTRE_NUMBERED = ['ДЮСШ', 'Станция юных техников', 'Дом детского творчества'];
const CENTRE_TITLES = [
  'Радуга',
  'Поиск',
  'Паллада',
  'Восхождение',
  'Ровесник',
  'Гармония',
  'Юность',
  'Спектр',
  'Импульс',
  'Созвездие',
];

const REGIONAL_CENTRES = [
  'Краевой центр детского технического творчества',
  'Краевой центр внешкольной работы «Поиск»',
  'Краевой центр развития творчества детей и юношества',
  'Краевой центр туризма и краеведения',
  'Краевой центр юных натуралистов',
  'Краевой детско-юношеский центр «Созвездие»',
  'Краевой детско-юношеский спортивный центр',
  'Краевой центр технического творчества «Импульс»',
];

function weightedKind<T extends { weight: number }>(rng: Rng, kinds: readonly T[]): T {
  return rng.weighted(
    kinds,
    kinds.map((k) => k.weight),
  );
}

/**
 * Draws names until one is new in the territory: short names must be unique there, since files and
 * seed-002 forms without a header block identify an organisation by name alone.
 */
export function uniqueOrgName(
  rng: Rng,
  orgType: OrgTypeId,
  ctx: { regional: boolean; city: boolean; placeAdjective: string },
  used: Set<string>,
): OrgName {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const candidate = draw(rng, orgType, ctx, attempt);
    if (!used.has(candidate.shortName) && !used.has(candidate.name)) {
      used.add(candidate.shortName);
      used.add(candidate.name);
      return candidate;
    }
  }
  throw new Error(`Could not find a unique ${orgType} name`);
}

function draw(
  rng: Rng,
  orgType: OrgTypeId,
  ctx: { regional: boolean; city: boolean; placeAdjective: string },
  attempt: number,
): OrgName {
  const wide = attempt > 50 ? 3 : 1;
  if (orgType === 'OO') {
    if (ctx.regional) return rng.pick(REGIONAL_SCHOOL_KINDS)(rng.int(1, 20 * wide));
    if (!ctx.city && rng.chance(0.35)) return weightedKind(rng, RURAL_KINDS).make(rng.pick(SETTLEMENTS));
    return weightedKind(rng, SCHOOL_KINDS).make(rng.int(1, (ctx.city ? 90 : 30) * wide));
  }
  if (orgType === 'SPO') {
    const title = `${ctx.placeAdjective} ${rng.pick(COLLEGE_PROFILES)} ${rng.chance(0.7) ? 'колледж' : 'техникум'}`;
    return { name: `КГБ ПОУ «${title}»`, shortName: title };
  }
  if (ctx.regional) {
    const title = rng.pick(REGIONAL_CENTRES);
    return { name: `КГБОУ ДО «${title}»`, shortName: title };
  }
  const form = rng.pick(['МБУ ДО', 'МАУ ДО', 'МБОУ ДО']);
  let title: string;
  if (rng.chance(0.25)) title = `${rng.pick(CENTRE_NUMBERED)} № ${rng.int(1, 6 * wide)}`;
  else if (rng.chance(0.5) && attempt === 0) title = rng.pick(CENTRE_KINDS);
  else title = `${rng.pick(CENTRE_KINDS)} «${rng.pick(CENTRE_TITLES)}»`;
  return { name: `${form} «${title}»`, shortName: title };
}
