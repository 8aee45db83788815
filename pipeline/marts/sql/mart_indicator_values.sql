-- Grain: one row per indicator × year × level × unit. Levels: 'region'; 'territory' (every reference
-- territory, a gap where it reported nothing); 'org_type', 'form', 'territory_org_type' and 'organisation'
-- (where anyone reported). Shares are sums over sums; a missing year is a gap (null), never a zero. Sums run in
-- DECIMAL: a sum of doubles depends on the order the threads add them in, and a rerun must give the same numbers.
create or replace table mart_indicator_values as
with org_years as (
    select org_key, year, territory_id, org_type_id
    from core_submissions
    where is_current
),
org_measures as (
    select org_key, year, measure_id, sum(value) as value from core_facts group by all
    union all
    select org_key, year, measure_id, value from core_org_facts
),
org_indicator as (
    -- every organisation in an indicator's scope that reported its numerator or its denominator; it counts
    -- in the sums only with a positive denominator (a zero or missing one is a finding, mart_value_findings)
    select
        i.indicator_id,
        oy.year,
        oy.territory_id,
        oy.org_type_id,
        oy.org_key,
        num.value as numerator_reported,
        den.value as denominator_reported,
        case i.method
            when 'weighted_pct' then num.value * den.value / 100
            else coalesce(num.value, 0)
        end::decimal(24, 6) as numerator,
        den.value::decimal(24, 6) as denominator,
        coalesce(den.value > 0, false) as is_counted
    from core_indicators as i
    join org_years as oy on i.org_type_id is null or oy.org_type_id = i.org_type_id
    left join org_measures as den
        on den.org_key = oy.org_key and den.year = oy.year and den.measure_id = i.denominator_measure
    left join org_measures as num
        on num.org_key = oy.org_key and num.year = oy.year and num.measure_id = i.numerator_measure
    -- a survey's share needs the share itself; respondents alone say nothing
    where case i.method when 'weighted_pct' then num.value is not null else num.value is not null or den.value is not null end
),
counted as (
    select * from org_indicator where is_counted
),
years as (
    select distinct year from org_years
),
by_territory as (
    select indicator_id, year, territory_id, sum(numerator) as numerator, sum(denominator) as denominator
    from counted
    group by all
),
by_region as (
    select indicator_id, year, sum(numerator) as numerator, sum(denominator) as denominator
    from counted
    group by all
),
-- by form of mentoring: the part of the region's numerator reported under each form, over the whole
-- denominator, so the forms' values add up to the region's value
by_form as (
    select c.indicator_id, c.year, f.form_id, sum(f.value)::decimal(24, 6) as numerator
    from counted as c
    join core_indicators as i using (indicator_id)
    join core_measures as m on m.measure_id = i.numerator_measure and m.block = 'form'
    join core_facts as f on f.org_key = c.org_key and f.year = c.year and f.measure_id = i.numerator_measure
    group by all
),
levels as (
    select i.indicator_id, y.year, 'region' as level, null::varchar as territory_id, null::varchar as org_type_id,
        null::varchar as form_id, null::varchar as org_key, r.numerator, r.denominator
    from core_indicators as i
    cross join years as y
    left join by_region as r on r.indicator_id = i.indicator_id and r.year = y.year
    union all
    select i.indicator_id, y.year, 'territory', t.territory_id, null, null, null, b.numerator, b.denominator
    from core_indicators as i
    cross join years as y
    cross join core_territories as t
    left join by_territory as b
        on b.indicator_id = i.indicator_id and b.year = y.year and b.territory_id = t.territory_id
    union all
    select indicator_id, year, 'org_type', null, org_type_id, null, null,
        sum(numerator) filter (where is_counted), sum(denominator) filter (where is_counted)
    from org_indicator group by indicator_id, year, org_type_id
    union all
    select indicator_id, year, 'form', null, null, form_id, null, f.numerator, r.denominator
    from by_form as f
    join by_region as r using (indicator_id, year)
    union all
    select indicator_id, year, 'territory_org_type', territory_id, org_type_id, null, null,
        sum(numerator) filter (where is_counted), sum(denominator) filter (where is_counted)
    from org_indicator group by indicator_id, year, territory_id, org_type_id
    union all
    select indicator_id, year, 'organisation', territory_id, org_type_id, null, org_key, numerator, denominator
    from org_indicator
),
valued as (
    select
        l.*,
        case when l.denominator > 0 then 100.0 * l.numerator / l.denominator end as value_pct,
        i.baseline_pct,
        i.target_pct,
        i.baseline_pct + (i.target_pct - i.baseline_pct)
            * (least(greatest(l.year, i.baseline_year), i.target_year) - i.baseline_year)
            / (i.target_year - i.baseline_year) as trajectory_pct
    from levels as l
    join core_indicators as i using (indicator_id)
),
with_previous as (
    select
        v.*,
        p.value_pct as prev_value_pct
    from valued as v
    left join valued as p
        on p.indicator_id = v.indicator_id and p.level = v.level and p.year = v.year - 1
        and p.territory_id is not distinct from v.territory_id
        and p.org_type_id is not distinct from v.org_type_id
        and p.form_id is not distinct from v.form_id
        and p.org_key is not distinct from v.org_key
),
shaped as materialized (
    select
        indicator_id,
        year::integer as year,
        level,
        territory_id,
        org_type_id,
        form_id,
        org_key,
        numerator::double as numerator,
        denominator::double as denominator,
        round(value_pct, 4) as value_pct,
        round(prev_value_pct, 4) as prev_value_pct,
        round(value_pct - prev_value_pct, 4) as change_pp,
        baseline_pct,
        target_pct,
        round(trajectory_pct, 4) as trajectory_pct,
        -- the share of the way from the baseline to the target covered (below 0: behind the baseline)
        round(100 * (value_pct - baseline_pct) / (target_pct - baseline_pct), 4) as progress_pct,
        case when value_pct is not null then value_pct < trajectory_pct end as is_lagging
    from with_previous
)
-- ranked apart from the other levels: a window over every row would sort them all for the few territory rows
select *, null::integer as rank_among_territories
from shaped
where level <> 'territory'
union all
select *, case when value_pct is not null then rank() over (partition by indicator_id, year, value_pct is null order by value_pct desc) end::integer
from shaped
where level = 'territory'
order by indicator_id, year, level, territory_id, org_type_id, form_id, org_key;
