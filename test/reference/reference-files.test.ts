import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReference, REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { withInnCheckDigit } from '../../pipeline/reference/inn.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** The region's reference data with an organisations.csv of the given lines (after the header). */
function withOrganisations(lines: string[]): string {
  const dir = path.join(tempDir(), 'reference');
  cpSync(REFERENCE_DIR, dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'organisations.csv'),
    ['territory_id,inn,name,org_type_id,valid_from,valid_to', ...lines].join('\n'),
  );
  return dir;
}

describe('the optional list of organisations', () => {
  it('is empty when the region keeps none', () => {
    expect(loadReference().organisations).toEqual([]);
  });

  it('is read with blanks as nulls', () => {
    const inn = withInnCheckDigit('271500101');
    const ref = loadReference(
      withOrganisations([`lazo,${inn},МБОУ СОШ с. Переяславка,OO,2021,`, 'lazo,,МБОУ ООШ с. Кругликово,OO,,2023']),
    );
    expect(ref.organisations).toEqual([
      {
        territory_id: 'lazo',
        inn,
        name: 'МБОУ СОШ с. Переяславка',
        org_type_id: 'OO',
        valid_from: 2021,
        valid_to: null,
      },
      {
        territory_id: 'lazo',
        inn: null,
        name: 'МБОУ ООШ с. Кругликово',
        org_type_id: 'OO',
        valid_from: null,
        valid_to: 2023,
      },
    ]);
  });

  it('names the file, row and column of a bad ИНН, and an unknown territory or type', () => {
    const dir = withOrganisations(['lazo,2715001010,МБОУ СОШ с. Переяславка,OO,,']);
    expect(() => loadReference(dir)).toThrow(
      `Справочник ${path.join(dir, 'organisations.csv')}, строка 2, столбец «inn»: ИНН не проходит проверку контрольной суммы (10 или 12 цифр)`,
    );
    expect(() => loadReference(withOrganisations([',,МБОУ СОШ,OO,,', 'nowhere,,МБОУ СОШ,OO,,']))).toThrow(
      'столбец «territory_id»',
    );
    expect(() => loadReference(withOrganisations(['nowhere,,МБОУ СОШ,OO,,']))).toThrow(
      'Справочник organisations.csv: МБОУ СОШ ссылается на неизвестный код «nowhere»',
    );
    expect(() => loadReference(withOrganisations(['lazo,,МБОУ СОШ,XX,,']))).toThrow(
      'Справочник organisations.csv: МБОУ СОШ ссылается на неизвестный код «XX»',
    );
  });
});
