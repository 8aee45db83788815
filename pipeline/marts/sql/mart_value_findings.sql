-- Grain: one row per organisation × indicator × year whose value cannot be computed because the
-- denominator is zero or missing while the numerator was reported (for a survey, the share was given but
-- not the number of respondents). Such an organisation has no value and is left out of every sum above
-- it; this table says so, in words a school secretary understands, for the data-quality page.
create or replace table mart_value_findings as
select
    v.indicator_id,
    v.year,
    v.territory_id,
    v.org_type_id,
    v.org_key,
    o.name as organisation,
    'warning' as severity,
    case when v.denominator is null then 'denominator_missing' else 'denominator_zero' end as code,
    case
        when i.method = 'weighted_pct' and v.denominator is null then format(
            '«{}», {} год: «{}» указан ({}) без значения «{}», и его нельзя взвесить. Организация учтена в значениях по муниципалитету и региону, только если там никто не указал «{}»: тогда значение — невзвешенное среднее.',
            o.name, v.year, num.name, v.numerator_text, den.name, den.name)
        else format(
            '«{}», {} год: показатель «{}» не рассчитан — {} «{}», а числитель «{}» указан ({}). Организация не учтена в значениях по муниципалитету и региону.{}',
            o.name, v.year, i.short_name,
            case when v.denominator is null then 'не указано значение' else 'равно нулю значение' end,
            den.name, num.name, v.numerator_text,
            -- totals live in the region's contingent (ОО-1, СПО-1, 1-ДО), which fills what a form lacks
            case when v.denominator is null and den.block = 'totals' then ' Загрузите контингент (численности из статистических форм): он дополнит форму.' else '' end)
    end as message
from (
    select
        m.indicator_id, m.year, m.territory_id, m.org_type_id, m.org_key, m.denominator,
        -- the numerator as reported (for a survey: the share itself)
        replace(regexp_replace(printf('%.4f', coalesce(case when i.method = 'weighted_pct' then f.value end, m.numerator)), '\.?0+$', ''), '.', ',') as numerator_text
    from mart_indicator_values as m
    join core_indicators as i using (indicator_id)
    left join core_org_facts as f
        on f.org_key = m.org_key and f.year = m.year and f.measure_id = i.numerator_measure
    where m.level = 'organisation'
        and coalesce(m.denominator, 0) = 0
        and (i.method = 'weighted_pct' or m.numerator > 0)
) as v
join core_indicators as i using (indicator_id)
join core_measures as den on den.measure_id = i.denominator_measure
join core_measures as num on num.measure_id = i.numerator_measure
join core_organisations as o using (org_key)
order by v.indicator_id, v.year, v.territory_id, v.org_key;
