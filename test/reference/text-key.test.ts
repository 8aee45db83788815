import { describe, expect, it } from 'vitest';
import { keyWords, textKey } from '../../pipeline/reference/text-key.ts';

describe('textKey', () => {
  it.each([
    ['Учитель — ученик «с ОВЗ»', 'учитель-ученик с овз'],
    ['учитель-ученик с овз', 'учитель-ученик с овз'],
    ['МБОУ  СОШ\u00a0№\t5', 'мбоу сош 5'],
    ['  г. Комсомольск - на − Амуре ', 'г комсомольск-на-амуре'],
    ['Школа / детский сад', 'школа/детский сад'],
    ['Ёлочка\n\n(филиал)', 'елочка филиал'],
    ['"Радуга" ,  д.\u00a0\u00a0Тополево', 'радуга д тополево'],
    ['е\u0301лка', 'е\u0301лка'.normalize('NFC')],
    ['—', '-'],
    ['№ . ,', ''],
  ])('%j → %j', (text, key) => {
    expect(textKey(text)).toBe(key);
  });

  it('gives the same key to a text longer than the ones it keeps', () => {
    const long = `${'Муниципальное бюджетное общеобразовательное учреждение  '.repeat(8)}— «Школа № 1»`;
    expect(long.length).toBeGreaterThan(300);
    expect(textKey(long)).toBe(
      `${'муниципальное бюджетное общеобразовательное учреждение '.repeat(8)}-школа 1`.replace(' -', '-'),
    );
  });

  it('splits a key into words, keeping a compound name whole', () => {
    expect(keyWords(textKey('Комсомольск-на-Амуре,  город'))).toEqual(['комсомольск-на-амуре', 'город']);
  });
});
