import { textKey } from '../reference/text-key.ts';

/** The context a form states about itself: which organisation, where, which year. */
export type ContextField = 'orgName' | 'inn' | 'orgType' | 'territory' | 'year';

/**
 * Labels of context rows in forms and of context columns in CSV files, as text keys. Order matters:
 * the first field whose label matches wins.
 */
const CONTEXT_LABELS: [ContextField, { exact: string[]; prefix: string[] }][] = [
  ['inn', { exact: ['инн', 'inn', 'инн организации'], prefix: [] }],
  [
    'orgType',
    {
      exact: ['тип', 'type', 'org type', 'org_type'],
      prefix: ['тип организации', 'тип оо', 'вид организации', 'тип учреждения'],
    },
  ],
  ['year', { exact: ['год', 'year', 'отчетный год', 'отчетный период'], prefix: ['отчетный год', 'год отчета'] }],
  [
    'territory',
    {
      exact: ['муниципалитет', 'municipality', 'территория', 'territory', 'район', 'мо'],
      prefix: [
        'муниципальное образование',
        'муниципальный район',
        'муниципальный округ',
        'городской округ',
        'наименование муниципал',
        'муниципалитет',
      ],
    },
  ],
  [
    'orgName',
    {
      exact: ['организация', 'organisation', 'organization', 'оу', 'оо', 'наименование оо', 'наименование оу'],
      prefix: [
        'образовательное учреждение',
        'образовательная организация',
        'наименование организации',
        'наименование образовательн',
        'полное наименование',
      ],
    },
  ],
];

/** Which context field a label names, if any. */
export function contextFieldOf(label: string): ContextField | null {
  const key = textKey(label);
  if (key === '') return null;
  for (const [fieldName, { exact, prefix }] of CONTEXT_LABELS) {
    if (exact.includes(key) || prefix.some((p) => key.startsWith(p))) return fieldName;
  }
  return null;
}

/** «Образовательное учреждение: МБОУ СОШ № 1» carries its value after the colon. */
export function valueAfterColon(text: string): string | null {
  const i = text.indexOf(':');
  if (i < 0) return null;
  const rest = text
    .slice(i + 1)
    .replace(/_+/g, '')
    .trim();
  return rest === '' ? null : rest;
}
