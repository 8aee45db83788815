import { describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';

const ref = loadReference();
const n = new Normaliser(ref);

describe('territories', () => {
  // Every spelling in DOMAIN.md's table, its official names and OKTMO codes, plus what people type.
  const cases: [string, string][] = [
    ['город Хабаровск', 'khabarovsk'],
    ['г. Хабаровск', 'khabarovsk'],
    ['ГО «Город Хабаровск»', 'khabarovsk'],
    ['Хабаровск', 'khabarovsk'],
    ['г.Хабаровск', 'khabarovsk'],
    ['ГО "Город Хабаровск"', 'khabarovsk'],
    ['08701000', 'khabarovsk'],
    ['город Комсомольск-на-Амуре', 'komsomolsk'],
    ['г. Комсомольск-на-Амуре', 'komsomolsk'],
    ['Комсомольск-на-Амуре г.', 'komsomolsk'],
    ['Комсомольск', 'komsomolsk'],
    ['КОМСОМОЛЬСК — НА — АМУРЕ', 'komsomolsk'],
    ['08709000', 'komsomolsk'],
    ['Амурский муниципальный район', 'amursky'],
    ['Амурский район', 'amursky'],
    ['Амурский МР', 'amursky'],
    ['Аяно-Майский муниципальный район', 'ayano_maysky'],
    ['Аяно-Майский район', 'ayano_maysky'],
    ['Аяно – Майский р-н', 'ayano_maysky'],
    ['Бикинский муниципальный район', 'bikinsky'],
    ['Бикинский муниципальный округ', 'bikinsky'],
    ['Бикинский район', 'bikinsky'],
    ['Бикинский МО', 'bikinsky'],
    ['Ванинский муниципальный район', 'vaninsky'],
    ['Ванинский район', 'vaninsky'],
    ['Верхнебуреинский муниципальный район', 'verkhnebureinsky'],
    ['Верхнебуреинский район', 'verkhnebureinsky'],
    ['Вяземский муниципальный район', 'vyazemsky'],
    ['Вяземский район', 'vyazemsky'],
    ['Комсомольский муниципальный район', 'komsomolsky'],
    ['Комсомольский район', 'komsomolsky'],
    ['комсомольский р-н', 'komsomolsky'],
    ['муниципальный район имени Лазо', 'lazo'],
    ['район имени Лазо', 'lazo'],
    ['р-н им. Лазо', 'lazo'],
    ['Лазовский район', 'lazo'],
    ['Р-Н ИМ.ЛАЗО', 'lazo'],
    ['Нанайский муниципальный район', 'nanaysky'],
    ['Нанайский район', 'nanaysky'],
    ['Николаевский муниципальный район', 'nikolaevsky'],
    ['Николаевский район', 'nikolaevsky'],
    ['Охотский муниципальный район', 'okhotsky'],
    ['Охотский муниципальный округ', 'okhotsky'],
    ['Охотский район', 'okhotsky'],
    ['Охотский МО', 'okhotsky'],
    ['муниципальный район имени Полины Осипенко', 'osipenko'],
    ['р-н им. П. Осипенко', 'osipenko'],
    ['Осипенковский район', 'osipenko'],
    ['район им. Полины Осипенко', 'osipenko'],
    ['Советско-Гаванский муниципальный район', 'sovgavansky'],
    ['Советско-Гаванский район', 'sovgavansky'],
    ['Советско-Гаванский МР', 'sovgavansky'],
    ['Советско – Гаванский район', 'sovgavansky'],
    ['Солнечный муниципальный район', 'solnechny'],
    ['Солнечный район', 'solnechny'],
    ['Тугуро-Чумиканский муниципальный район', 'tuguro_chumikansky'],
    ['Тугуро-Чумиканский район', 'tuguro_chumikansky'],
    ['Ульчский муниципальный район', 'ulchsky'],
    ['Ульчский район', 'ulchsky'],
    ['Ульчинский район', 'ulchsky'],
    ['Хабаровский муниципальный район', 'khabarovsky'],
    ['Хабаровский район', 'khabarovsky'],
    ['ХАБАРОВСКИЙ  МР', 'khabarovsky'],
    ['Краевые организации', 'regional'],
    ['краевые государственные образовательные организации', 'regional'],
  ];
  it.each(cases)('%s → %s', (input, id) => {
    expect(n.territory(input)).toEqual({ id, input });
  });

  it('never confuses a district with the city of the same root', () => {
    expect(n.territory('Комсомольский район').id).toBe('komsomolsky');
    expect(n.territory('г. Комсомольск-на-Амуре').id).toBe('komsomolsk');
    expect(n.territory('Хабаровский район').id).toBe('khabarovsky');
    expect(n.territory('г. Хабаровск').id).toBe('khabarovsk');
  });

  it.each([
    'Хабаровский край',
    'Лазовский район Приморского края',
    'Приморский район',
    'Комсомольск-на-Днепре',
    'Ванинскй район',
  ])('reports «%s» instead of guessing', (input) => {
    const m = n.territory(input);
    expect(m.id).toBeNull();
    expect(m).toMatchObject({ reason: `неизвестный муниципалитет «${input}»` });
  });

  it('reports an empty name', () => {
    expect(n.territory('  ')).toMatchObject({ id: null, reason: 'муниципалитет не указан' });
  });
});

describe('forms of mentoring', () => {
  const cases: [string, string][] = [
    // seed 001
    ['«Учитель - учитель»', 'teacher_teacher'],
    ['«педагог - педагог»', 'teacher_teacher'],
    ['«Ученик - ученик»', 'pupil_pupil'],
    ['«студент - студент»', 'pupil_pupil'],
    ['«Учитель - ученик»', 'teacher_pupil'],
    ['«педагог – студент»', 'teacher_pupil'],
    ['«Учитель – ученик с ОВЗ»', 'teacher_pupil_sen'],
    ['«Учитель – обучающийся «группы риска»', 'teacher_pupil_at_risk'],
    ['«Студент – ученик»', 'student_pupil'],
    ['«Работодатель – ученик»', 'employer_pupil'],
    ['«работодатель – студент»', 'employer_pupil'],
    ['«Социальный партнёр – ученик»', 'partner_pupil'],
    ['«социальный партнёр – студент»', 'partner_pupil'],
    // seed 000 and 002
    ['педагог-студент', 'teacher_pupil'],
    ['Ученик – ученик', 'pupil_pupil'],
    ['Учитель – учитель', 'teacher_teacher'],
    ['Работодатель – ученик', 'employer_pupil'],
    // seed 004
    ['Педагог – педагог', 'teacher_teacher'],
    ['Руководитель образовательной организации – педагог', 'head_teacher'],
    ['Работодатель – студент педагогического вуза/ колледжа', 'employer_pedagogy_student'],
    ['Педагог вуза/колледжа – молодой педагог образовательной организации', 'college_teacher_young_teacher'],
    ['Социальный партнер – педагогический работник образовательной организации', 'partner_teacher'],
    // dash, case and ё variants
    ['УЧИТЕЛЬ—УЧЕНИК', 'teacher_pupil'],
    ['социальный партнер - ученик', 'partner_pupil'],
    ['учитель‑ученик с ОВЗ', 'teacher_pupil_sen'],
  ];
  it.each(cases)('%s → %s', (input, id) => {
    expect(n.form(input).id).toBe(id);
  });
  it('reports an unknown form', () => {
    expect(n.form('учитель – пенсионер')).toMatchObject({
      id: null,
      reason: 'неизвестная форма наставничества «учитель – пенсионер»',
    });
  });
});

describe('organisation types', () => {
  it.each([
    ['ОО', 'OO'],
    ['СПО', 'SPO'],
    ['ДО', 'DO'],
    ['ДОО', 'DO'],
    ['спо', 'SPO'],
    ['общеобразовательная организация', 'OO'],
  ])('%s → %s', (input, id) => {
    expect(n.orgType(input).id).toBe(id);
  });
  it.each([
    ['МБОУ СОШ № 12', 'OO'],
    ['МАОУ «Гимназия № 3»', 'OO'],
    ['КГБ ПОУ «Хабаровский технологический колледж»', 'SPO'],
    ['МБУ ДО «Центр детского творчества»', 'DO'],
    ['КГБОУ «Школа-интернат № 10»', 'OO'],
    ['МБУ ДО «Детская школа искусств № 1»', 'DO'],
    ['МАУ ДО «Спортивная школа»', 'DO'],
  ])('guesses %s from the name as %s', (name, id) => {
    expect(n.orgTypeFromName(name).id).toBe(id);
  });
  it('does not guess a name without markers', () => {
    expect(n.orgTypeFromName('МАДОУ детский сад № 5').id).toBeNull();
    expect(n.orgType('ВУЗ').id).toBeNull();
  });
});

describe('measure labels', () => {
  it('recognises the seed 002 row labels', () => {
    expect(
      n.measure('Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого')
        .id,
    ).toBe('mentees_students');
    expect(
      n.measure('Число учащихся в возрасте от 15 до 18 лет, вошедших в программу наставничества в роли наставника').id,
    ).toBe('mentors_students');
    expect(
      n.measure(
        'Число учителей-молодых специалистов (с опытом работы от 0 до 3 лет), вошедших в программу наставничества в роли наставляемого',
      ).id,
    ).toBe('mentees_young_teachers');
    expect(
      n.measure(
        'Количество предприятий (организаций), вошедших в программу наставничества, предоставив своих наставников (при наличии)',
      ).id,
    ).toBe('enterprises_mentors');
  });
  it('recognises the seed 004 checklist wording', () => {
    expect(
      n.measure(
        'Информационный ресурс (раздел на официальном сайте ОУ) для сопровождения наставничества педагогических работников',
      ).id,
    ).toBe('has_web_page');
    expect(
      n.measure('Локальный акт об утверждении положения о системе наставничества педагогических работников в ОУ').id,
    ).toBe('has_regulation');
    expect(
      n.measure(
        'Локальный акт об утверждении комплекса мер «Дорожной карты» внедрения системы (целевой модели) наставничества',
      ).id,
    ).toBe('has_roadmap');
    expect(
      n.measure('Локальный акт о назначении куратора по реализации персонализированных программ наставничества').id,
    ).toBe('has_curator');
    expect(n.measure('Локальный акт о закреплении пар «Наставник-наставляемый»').id).toBe('has_pairs_act');
    expect(n.measure('Информационная база наставников').id).toBe('has_mentor_database');
    expect(n.measure('Наличие разработанных персонализированных программ наставничества').id).toBe(
      'has_personal_programmes',
    );
  });
  it('accepts measure ids and rejects notes', () => {
    expect(n.measure('students_total').id).toBe('students_total');
    expect(n.measure('Примечание: данные за первое полугодие')).toMatchObject({
      id: null,
      reason: 'неизвестный показатель «Примечание: данные за первое полугодие»',
    });
  });
  it('recognises every name in measures.csv as itself', () => {
    for (const m of ref.measures) expect(n.measure(m.name).id).toBe(m.measure_id);
  });
});
