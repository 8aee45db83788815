-- Grain: one row per contingent value received (file × organisation row × year × totals measure) and what became of
-- it: 'used' (it fills the organisation's total in core_org_facts), 'form_value_kept' (the organisation's form gave
-- its own value, which wins), 'no_submission' (the organisation is known but sent no form that year), 'unmatched'
-- (no organisation with that ИНН, or that name in that territory), 'below_count' (the total is below the count the
-- organisation's form gives for the share it is the denominator of), 'superseded' (a newer contingent file gave it).
-- The message is a sentence for the data-quality page.
create or replace table mart_contingent as
with c as (
    select
        c.*,
        replace(format('{:,}', c.value::bigint), ',', ' ') as value_text,
        replace(format('{:,}', c.form_value::bigint), ',', ' ') as form_value_text,
        replace(format('{:,}', c.count_value::bigint), ',', ' ') as count_value_text,
        format('«{}»{}', c.org_name, case when c.org_inn is null then '' else format(' (ИНН {})', c.org_inn) end) as org_text
    from core_contingent as c
)
select
    c.file_sha256,
    c.file_name,
    c.sheet,
    c.row_number,
    c.column_name,
    c.year,
    c.territory_id,
    c.org_inn,
    c.org_name as organisation,
    c.org_key,
    c.measure_id,
    c.value,
    c.status,
    case c.status
        when 'used' then format('Организация {}, {} год: «{}» = {} взята из контингента (в форме организации её нет)', c.org_text, c.year, m.name, c.value_text)
        when 'form_value_kept' then format('Организация {}, {} год: в форме указано своё значение «{}» ({}), оно важнее; значение контингента ({}) не использовано', c.org_text, c.year, m.name, c.form_value_text, c.value_text)
        when 'no_submission' then format('Организация {} не прислала форму мониторинга за {} год: численность «{}» ({}) не использована', c.org_text, c.year, m.name, c.value_text)
        when 'unmatched' then format('Организация {} не найдена среди приславших формы{}: численность «{}» ({}) не использована', c.org_text, case when t.name is null then '' else format(' в «{}»', t.name) end, m.name, c.value_text)
        when 'below_count' then format('Организация {}, {} год: «{}» по контингенту ({}) меньше, чем «{}» по форме ({}): численность не использована', c.org_text, c.year, m.name, c.value_text, cm.name, c.count_value_text)
        when 'superseded' then format('Организация {}, {} год: «{}» ({}) заменена значением из более нового файла контингента', c.org_text, c.year, m.name, c.value_text)
    end as message
from c
left join core_measures as m on m.measure_id = c.measure_id
left join core_measures as cm on cm.measure_id = c.count_measure_id
left join core_territories as t on t.territory_id = c.territory_id
order by c.file_name, c.sheet, c.row_number, m.sort_order;
