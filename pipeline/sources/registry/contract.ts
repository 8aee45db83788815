import { z } from 'zod';

// The page shape of REGISTRY_API.md. Anything else in a 200 answer breaks the contract and rejects the page.

const text = z.string();
const isoDate = z.iso.date();

/**
 * One registry record as the API sends it. The personal fields are checked (a page that sends a number as a
 * phone is broken) and then dropped by the transform, so the parsed value never holds them.
 */
const MentorItem = z
  .object({
    id: z.string().min(1).max(200),
    updated_at: z.iso.datetime({ offset: true }),
    deleted: z.boolean(),
    full_name: text.nullish(),
    email: text.nullish(),
    phone: text.nullish(),
    municipality: text.nullish(),
    organisation: z.object({ inn: text.nullish(), name: text.nullish() }).nullish(),
    org_type: text.nullish(),
    forms: z.array(text).nullish(),
    personalised_programme: z.boolean(),
    trained: z.boolean(),
    trained_at: isoDate.nullish(),
    registered_at: isoDate,
  })
  .transform(({ full_name: _n, email: _e, phone: _p, ...rest }): RegistryRecord => ({
    id: rest.id,
    updatedAt: rest.updated_at,
    updatedAtMs: Date.parse(rest.updated_at),
    deleted: rest.deleted,
    municipality: rest.municipality ?? null,
    orgInn: rest.organisation?.inn?.trim() || null,
    orgName: rest.organisation?.name?.trim() || null,
    orgType: rest.org_type ?? null,
    forms: rest.forms ?? [],
    personalisedProgramme: rest.personalised_programme,
    trained: rest.trained,
    trainedAt: rest.trained_at ?? null,
    registeredAt: rest.registered_at,
  }));

export const MentorsPage = z.object({
  items: z.array(MentorItem),
  next_cursor: z.string().min(1).nullish(),
  total: z.number().int().nonnegative().nullish(),
});

/** A record without personal data: what the rest of the pipeline ever sees of the registry. */
export interface RegistryRecord {
  id: string;
  /** As sent (ISO-8601 with offset): the watermark is sent back in the same form. */
  updatedAt: string;
  updatedAtMs: number;
  deleted: boolean;
  municipality: string | null;
  orgInn: string | null;
  orgName: string | null;
  orgType: string | null;
  forms: string[];
  personalisedProgramme: boolean;
  trained: boolean;
  trainedAt: string | null;
  registeredAt: string;
}

export interface ParsedPage {
  items: RegistryRecord[];
  nextCursor: string | null;
  total: number | null;
}

/** `items[3].updated_at` — the place a person would look for in the page's JSON. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(вся страница)' : out;
}

/** What a value is, in Russian, never the value itself (it may be personal). */
function kindOf(input: unknown): string {
  if (input === undefined) return 'поля нет';
  if (input === null) return 'пришёл null';
  if (Array.isArray(input)) return 'пришёл массив';
  const kinds: Record<string, string> = {
    string: 'строка',
    number: 'число',
    boolean: 'логическое значение',
    object: 'объект',
    bigint: 'число',
  };
  const kind = kinds[typeof input] ?? typeof input;
  return `пришло: ${kind}`;
}

const EXPECTED: Record<string, string> = {
  string: 'ожидается строка',
  number: 'ожидается число',
  int: 'ожидается целое число',
  boolean: 'ожидается true или false',
  array: 'ожидается массив',
  object: 'ожидается объект',
};

const FORMATS: Record<string, string> = {
  datetime: 'ожидаются дата и время ISO 8601 со смещением, например 2024-03-01T10:00:00+10:00',
  date: 'ожидается дата ISO 8601, например 2024-03-01',
};

/** A broken place of a page in Russian, by the kind of field; zod's English text is never shown. */
export function russianIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[String(issue.expected)] ?? `ожидается значение типа ${String(issue.expected)}`;
      return `${expected}, ${kindOf(issue.input)}`;
    }
    case 'invalid_format':
      return FORMATS[issue.format] ?? `значение не в формате ${issue.format}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'строка не должна быть пустой'
          : `строка короче ${Number(issue.minimum)} символов`;
      if (issue.origin === 'array') return `в массиве меньше ${Number(issue.minimum)} элементов`;
      return `число меньше ${Number(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `строка длиннее ${Number(issue.maximum)} символов`;
      if (issue.origin === 'array') return `в массиве больше ${Number(issue.maximum)} элементов`;
      return `число больше ${Number(issue.maximum)}`;
    case 'unrecognized_keys':
      return `лишние поля: ${issue.keys.join(', ')}`;
    default:
      return 'значение не соответствует контракту API';
  }
}

/** Parses a page; on a broken one returns the first few broken places (never the values: they may be personal). */
export function parsePage(body: unknown): { ok: true; page: ParsedPage } | { ok: false; problems: string[] } {
  const result = MentorsPage.safeParse(body, { error: russianIssue });
  if (!result.success) {
    return { ok: false, problems: result.error.issues.slice(0, 5).map((i) => `${issuePath(i.path)}: ${i.message}`) };
  }
  return {
    ok: true,
    page: { items: result.data.items, nextCursor: result.data.next_cursor ?? null, total: result.data.total ?? null },
  };
}
