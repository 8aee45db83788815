import type { Normaliser } from '../../reference/normaliser.ts';
import { type Finding, finding } from '../../reference/finding.ts';
import type { RegistryRecord } from './contract.ts';

/** How a registry finding names its «file» in ops_findings and on the quality page. */
export const REGISTRY_FILE_NAME = 'реестр наставников';

/** A record mapped to reference ids; free text that does not map becomes null plus a finding. */
export interface MentorAttributes {
  territoryId: string | null;
  orgTypeId: string | null;
  formIds: string[];
}

function unmapped(code: string, column: string, record: RegistryRecord, reason: string, value: string | null): Finding {
  return {
    ...finding(
      'warning',
      code,
      `Запись ${record.id}: ${reason}; наставник учтён без этого признака`,
      { sheet: null, row: null, column },
      value,
    ),
    file: REGISTRY_FILE_NAME,
  };
}

/**
 * Maps `municipality`, `org_type` and `forms` through the same normaliser as the files. A blank type is taken
 * from the organisation's name («МБОУ СОШ № 1» → ОО), as for forms that do not state it.
 */
export function normaliseMentor(
  record: RegistryRecord,
  normaliser: Normaliser,
): { attributes: MentorAttributes; findings: Finding[] } {
  const findings: Finding[] = [];
  const territory = normaliser.territory(record.municipality ?? '');
  if (territory.id === null)
    findings.push(
      unmapped('registry_unknown_territory', 'municipality', record, territory.reason, record.municipality),
    );

  const typeText = record.orgType?.trim() ?? '';
  const orgType = typeText !== '' ? normaliser.orgType(typeText) : normaliser.orgTypeFromName(record.orgName ?? '');
  if (orgType.id === null)
    findings.push(unmapped('registry_unknown_org_type', 'org_type', record, orgType.reason, record.orgType));

  const formIds = new Set<string>();
  for (const text of record.forms) {
    const form = normaliser.form(text);
    if (form.id !== null) formIds.add(form.id);
    else findings.push(unmapped('registry_unknown_form', 'forms', record, form.reason, text));
  }
  return { attributes: { territoryId: territory.id, orgTypeId: orgType.id, formIds: [...formIds].sort() }, findings };
}
