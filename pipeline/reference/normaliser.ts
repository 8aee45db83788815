import type { Reference } from './reference.ts';
import { keyWords, textKey } from './text-key.ts';

export type Match = { id: string; input: string } | { id: null; input: string; reason: string };

/** Words that name the kind of a municipality, not the municipality: dropped when matching names. */
const KIND_WORDS = new Set([
  'г',
  'гор',
  'город',
  'города',
  'го',
  'го',
  'городской',
  'городского',
  'округ',
  'округа',
  'р-н',
  'рн',
  'район',
  'района',
  'муниципальный',
  'муниципального',
  'муниципальное',
  'мр',
  'мо',
  'образование',
  'им',
  'имени',
]);

function coreKey(key: string): string {
  return keyWords(key)
    .filter((w) => !KIND_WORDS.has(w))
    .join(' ');
}

function addKey(map: Map<string, string>, key: string, id: string, source: string): void {
  if (key === '') return;
  const known = map.get(key);
  if (known !== undefined && known !== id) {
    throw new Error(`Справочник: написание «${source}» подходит и к «${known}», и к «${id}»`);
  }
  map.set(key, id);
}

/**
 * A keyword rule from measures.csv: groups joined by " + " must all hold; inside a group "|" separates
 * alternatives (one must occur in the label), and a group of "!word" alternatives forbids each word.
 */
function keywordMatcher(rule: string): (labelKey: string) => boolean {
  const groups = rule.split(' + ').map((g) => {
    const alts = g.split('|').map((w) => w.trim());
    return {
      negative: alts.filter((w) => w.startsWith('!')).map((w) => textKey(w.slice(1))),
      positive: alts.filter((w) => !w.startsWith('!')).map((w) => textKey(w)),
    };
  });
  return (label) =>
    groups.every(
      ({ negative, positive }) =>
        !negative.some((w) => label.includes(w)) && (positive.length === 0 || positive.some((w) => label.includes(w))),
    );
}

/** Remembers answers for repeated text: a file repeats the same few labels thousands of times. */
function memoised(lookup: (input: string) => Match): (input: string) => Match {
  const cache = new Map<string, Match>();
  return (input) => {
    let m = cache.get(input);
    if (m === undefined) {
      m = lookup(input);
      if (cache.size < 50_000) cache.set(input, m);
    }
    return m;
  };
}

/**
 * Maps the spellings people type to the reference's canonical ids, and says why when it cannot.
 * One instance per reference; lookups are pure.
 * @example new Normaliser(ref).territory('р-н им. Лазо') // { id: 'lazo', input: 'р-н им. Лазо' }
 */
export class Normaliser {
  private readonly territoryExact = new Map<string, string>();
  private readonly territoryCore = new Map<string, string>();
  private readonly orgTypes = new Map<string, string>();
  private readonly forms = new Map<string, string>();
  private readonly orgTypeMarkers: { id: string; words: string[][] }[];
  private readonly measureRules: { id: string; test: (label: string) => boolean }[];
  private readonly measureBlocks: Map<string, string>;

  readonly territory = memoised((input) => this.lookupTerritory(input));
  readonly orgType = memoised((input) => this.lookupOrgType(input));
  readonly orgTypeFromName = memoised((name) => this.lookupOrgTypeFromName(name));
  readonly form = memoised((input) => this.lookupForm(input));
  /** Recognises a row or column label of a form by the keywords of measures.csv, or by the measure id itself. */
  readonly measure = memoised((label) => this.lookupMeasure(label));

  constructor(ref: Reference) {
    const spellings: [string, string][] = [
      ...ref.territoryNames.map((n): [string, string] => [n.territory_id, n.name]),
      ...ref.territories.map((t): [string, string] => [t.territory_id, t.short_name]),
      ...ref.territoryAliases.map((a): [string, string] => [a.territory_id, a.alias]),
    ];
    for (const [id, text] of spellings) addKey(this.territoryExact, textKey(text), id, text);
    for (const [id, text] of spellings) addKey(this.territoryCore, coreKey(textKey(text)), id, text);
    for (const n of ref.territoryNames)
      if (n.oktmo !== '') addKey(this.territoryExact, n.oktmo, n.territory_id, n.oktmo);
    for (const t of ref.orgTypes) {
      for (const s of [t.org_type_id, t.short_name, t.name, ...t.synonyms])
        addKey(this.orgTypes, textKey(s), t.org_type_id, s);
    }
    this.orgTypeMarkers = [...ref.orgTypes]
      .sort((a, b) => a.marker_priority - b.marker_priority)
      .map((t) => ({ id: t.org_type_id, words: t.name_markers.map((m) => keyWords(textKey(m))) }));
    for (const f of ref.forms) {
      for (const s of [f.form_id, f.name, ...f.synonyms]) addKey(this.forms, textKey(s), f.form_id, s);
    }
    this.measureBlocks = new Map(ref.measures.map((m) => [m.measure_id, m.block]));
    this.measureRules = ref.measures.map((m) => ({ id: m.measure_id, test: keywordMatcher(m.keywords) }));
    for (const m of ref.measures) {
      const hits = this.measureRules.filter((r) => r.test(textKey(m.name))).map((r) => r.id);
      if (hits.length !== 1 || hits[0] !== m.measure_id) {
        throw new Error(
          `Справочник measures.csv: наименование «${m.name}» распознаётся как ${hits.join(', ') || 'ничто'}`,
        );
      }
    }
  }

  private lookupTerritory(input: string): Match {
    const key = textKey(input);
    if (key === '') return { id: null, input, reason: 'муниципалитет не указан' };
    const id = this.territoryExact.get(key) ?? this.territoryCore.get(coreKey(key));
    return id ? { id, input } : { id: null, input, reason: `неизвестный муниципалитет «${input.trim()}»` };
  }

  private lookupOrgType(input: string): Match {
    const key = textKey(input);
    if (key === '') return { id: null, input, reason: 'тип организации не указан' };
    const id = this.orgTypes.get(key);
    return id
      ? { id, input }
      : { id: null, input, reason: `неизвестный тип организации «${input.trim()}» (ожидается ОО, СПО или ДО)` };
  }

  /**
   * Guesses the type from the organisation's name («МБОУ СОШ № 1» → ОО) for forms that do not state it.
   * When markers of several types occur («МБУ ДО «Детская школа искусств»»), the type with the lowest
   * `marker_priority` wins; parts of hyphenated words count too («Школа-интернат»).
   */
  private lookupOrgTypeFromName(name: string): Match {
    const words = keyWords(textKey(name)).flatMap((w) => (w.includes('-') ? [w, ...w.split('-')] : [w]));
    const has = (phrase: string[]) => words.some((_, i) => phrase.every((p, j) => words[i + j] === p));
    const hit = this.orgTypeMarkers.find((t) => t.words.some(has));
    return hit
      ? { id: hit.id, input: name }
      : { id: null, input: name, reason: `тип организации не указан и не определяется по названию «${name.trim()}»` };
  }

  private lookupForm(input: string): Match {
    const key = textKey(input);
    if (key === '') return { id: null, input, reason: 'форма наставничества не указана' };
    const id = this.forms.get(key);
    return id ? { id, input } : { id: null, input, reason: `неизвестная форма наставничества «${input.trim()}»` };
  }

  /** The block of measures.csv a measure belongs to: 'form' measures are reported per form of mentoring. */
  measureBlock(measureId: string): string | undefined {
    return this.measureBlocks.get(measureId);
  }

  private lookupMeasure(label: string): Match {
    const key = textKey(label);
    if (key === '') return { id: null, input: label, reason: 'показатель не указан' };
    const byId = this.measureRules.find((r) => r.id === key.replace(/ /g, '_'));
    if (byId) return { id: byId.id, input: label };
    const hits = this.measureRules.filter((r) => r.test(key));
    if (hits.length === 1) return { id: hits[0]!.id, input: label };
    return {
      id: null,
      input: label,
      reason:
        hits.length === 0 ? `неизвестный показатель «${label.trim()}»` : `показатель «${label.trim()}» неоднозначен`,
    };
  }
}
