-- Grain: one row per count measure × year × level × unit. Levels: 'region'; 'territory' (every reference territory,
-- a gap where nobody in it reported the measure); 'org_type' and 'territory_org_type' (where anyone sent a form);
-- 'form' (the region's value of a per-form measure reported under each form of mentoring). Counts are what the
-- forms carry even where no share can be computed (seed 002's form has no totals): a unit's value is the sum over
-- the organisations that reported the measure, a gap (null) where none did, never a zero. An organisation's own
-- counts are its numerator and denominator in mart_indicator_values (an organisation level here would double the
-- marts' rows at national scale for the same figures).
create or replace table mart_counts as
with org_years as (
    select org_key, year, territory_id, org_type_id from core_submissions where is_current
),
count_measures as (
    select measure_id, block from core_measures where kind = 'count'
),
-- each organisation's value of each count measure it reported (a per-form measure summed over its forms)
org_values as (
    select f.org_key, f.year, f.measure_id, sum(f.value) as value
    from (
        select org_key, year, measure_id, value from core_facts
        union all
        select org_key, year, measure_id, value from core_org_facts
    ) as f
    semi join count_measures as m on m.measure_id = f.measure_id
    group by all
),
facts as (
    select oy.territory_id, oy.org_type_id, v.year, v.measure_id, v.value
    from org_values as v
    join org_years as oy using (org_key, year)
),
years as (
    select distinct year from org_years
),
sums as (
    select
        measure_id, year, territory_id, org_type_id, grouping(territory_id, org_type_id) as unset,
        sum(value)::decimal(38, 6) as value,
        count(*) as organisations_reporting
    from facts
    group by grouping sets ((measure_id, year), (measure_id, year, territory_id), (measure_id, year, org_type_id),
        (measure_id, year, territory_id, org_type_id))
),
-- who sent a form at all, per unit: a count is «reported by N of the M organisations that sent a form»
submitted as (
    select year, territory_id, org_type_id, grouping(territory_id, org_type_id) as unset, count(*) as organisations_submitted
    from org_years
    group by grouping sets ((year), (year, territory_id), (year, org_type_id), (year, territory_id, org_type_id))
),
by_form as (
    select f.measure_id, oy.year, f.form_id, sum(f.value)::decimal(38, 6) as value, count(distinct f.org_key) as organisations_reporting
    from core_facts as f
    join org_years as oy using (org_key, year)
    semi join count_measures as m on m.measure_id = f.measure_id
    group by all
),
levels as (
    select m.measure_id, y.year, 'region' as level, null::varchar as territory_id, null::varchar as org_type_id,
        null::varchar as form_id, s.value, coalesce(s.organisations_reporting, 0) as organisations_reporting
    from count_measures as m
    cross join years as y
    left join (select * from sums where unset = 3) as s on s.measure_id = m.measure_id and s.year = y.year
    union all
    select m.measure_id, y.year, 'territory', t.territory_id, null, null, s.value, coalesce(s.organisations_reporting, 0)
    from count_measures as m
    cross join years as y
    cross join core_territories as t
    left join (select * from sums where unset = 1) as s
        on s.measure_id = m.measure_id and s.year = y.year and s.territory_id = t.territory_id
    union all
    select measure_id, year, 'org_type', null, org_type_id, null, value, organisations_reporting from sums where unset = 2
    union all
    select measure_id, year, 'territory_org_type', territory_id, org_type_id, null, value, organisations_reporting from sums where unset = 0
    union all
    select measure_id, year, 'form', null, null, form_id, value, organisations_reporting from by_form
),
with_submitted as (
    select l.*, coalesce(s.organisations_submitted, 0) as organisations_submitted
    from levels as l
    left join submitted as s
        on s.year = l.year
        and s.unset = case l.level when 'region' then 3 when 'form' then 3 when 'territory' then 1 when 'org_type' then 2 else 0 end
        and s.territory_id is not distinct from l.territory_id
        and s.org_type_id is not distinct from l.org_type_id
)
select
    v.measure_id,
    v.year::integer as year,
    v.level,
    v.territory_id,
    v.org_type_id,
    v.form_id,
    v.value::double as value,
    p.value::double as prev_value,
    (v.value - p.value)::double as change,
    v.organisations_reporting::integer as organisations_reporting,
    v.organisations_submitted::integer as organisations_submitted
from with_submitted as v
-- the previous calendar year of the same unit; a year nobody reported leaves it null
left join with_submitted as p
    on p.measure_id = v.measure_id and p.level = v.level and p.year = v.year - 1
    and p.territory_id is not distinct from v.territory_id
    and p.org_type_id is not distinct from v.org_type_id
    and p.form_id is not distinct from v.form_id
order by v.measure_id, v.year, v.level, v.territory_id nulls first, v.org_type_id nulls first, v.form_id nulls first;
