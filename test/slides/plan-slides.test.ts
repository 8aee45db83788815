import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { planSlides } from '../../pipeline/slides/render-slides.ts';
import { writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// The seminar set of a seed-shaped collection (counts, no totals): a slide is planned only where it has something to
// show, an indicator's count standing in for its share.
const config = pipelineConfigIn(tempDir());

beforeAll(async () => {
  await writeSeedShapedInbox(config.INBOX_DIR);
  await runPipeline(config);
});

describe('planSlides on seed-shaped data', () => {
  it('keeps the counts, leaves out what has neither value nor count, and every lagging list without values', () => {
    expect(planSlides(config.SNAPSHOT_DIR, 2021).map((s) => s.name)).toEqual([
      '2021/01_обзор_00_все-показатели',
      // ОО pupils, young teachers, pupil mentors and enterprises are counted; ДО and СПО sent nothing; the mentees'
      // satisfaction has a value (an unweighted mean) in 2022, so its trend is kept; the mentors' has none
      '2021/01_обзор_01_Обучающиеся-ОО-в-наставничестве',
      '2021/01_обзор_04_Молодые-учителя-с-наставником',
      '2021/01_обзор_05_Подростки-15-19-лет-наставники',
      '2021/01_обзор_06_Предприятия-с-наставниками',
      '2021/01_обзор_07_Удовлетворённость-наставляемых',
      '2021/02_муниципалитеты_01_Обучающиеся-ОО-в-наставничестве',
      '2021/02_муниципалитеты_04_Молодые-учителя-с-наставником',
      '2021/02_муниципалитеты_05_Подростки-15-19-лет-наставники',
      '2021/02_муниципалитеты_06_Предприятия-с-наставниками',
      '2021/04_формы_00_доли-форм',
      // Ванинский has the 2022 survey value; Лазо has no value in any year
      '2021/05_муниципалитет_06_Ванинский',
    ]);
  });

  it('a year absent from the data is refused in Russian', () => {
    expect(() => planSlides(config.SNAPSHOT_DIR, 2024)).toThrow('Нет данных за 2024 год: в снимке годы 2021, 2022.');
  });
});
