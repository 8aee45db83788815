-- Grain: one row per indicator × year × level × unit. Levels: 'region'; 'territory' (every reference
-- territory, a gap where it reported nothing); 'org_type', 'territory_org_type' and 'organisation' (where
-- anyone reported). Shares are sums over sums; a missing year is a gap (null), never a zero. Sums run in
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
    select
        i.indicator_id,
        oy.year,
        oy.territory_id,
        oy.org_type_id,
        oy.org_key,
        case i.method
            when 'weighted_pct' then num.value * den.value / 100
            else coalesce(num.value, 0)
        end::decimal(24, 6) as numerator,
        den.value::decimal(24, 6) as denominator
    from core_indicators as i
    join org_years as oy on i.org_type_id is null or oy.org_type_id = i.org_type_id
    join org_measures as den
        on den.org_key = oy.org_key and den.year = oy.year and den.measure_id = i.denominator_measure
    left join org_measures as num
        on num.org_key = oy.org_key and num.year = oy.year and num.measure_id = i.numerator_measure
    where i.method <> 'weighted_pct' or num.value is not null
),
years as (
    select distinct year from org_years
),
by_territory as (
    select indicator_id, year, territory_id, sum(numerator) as numerator, sum(denominator) as denominator
    from org_indicator
    group by all
),
by_region as (
    select indicator_id, year, sum(numerator) as numerator, sum(denominator) as denominator
    from org_indicator
    group by all
),
levels as (
    select i.indicator_id, y.year, 'region' as level, null::varchar as territory_id, null::varchar as org_type_id,
        null::varchar as org_key, r.numerator, r.denominator
    from core_indicators as i
    cross join years as y
    left join by_region as r on r.indicator_id = i.indicator_id and r.year = y.year
    union all
    select i.indicator_id, y.year, 'territory', t.territory_id, null, null, b.numerator, b.denominator
    from core_indicators as i
    cross join years as y
    cross join core_territories as t
    left join by_territory as b
        on b.indicator_id = i.indicator_id and b.year = y.year and b.territory_id = t.territory_id
    union all
    select indicator_id, year, 'org_type', null, org_type_id, null, sum(numerator), sum(denominator)
    from org_indicator group by indicator_id, year, org_type_id
    union all
    select indicator_id, year, 'territory_org_type', territory_id, org_type_id, null, sum(numerator), sum(denominator)
    from org_indicator group by indicator_id, year, territory_id, org_type_id
    union all
    select indicator_id, year, 'organisation', territory_id, org_type_id, org_key, numerator, denominator
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
        and p.org_key is not distinct from v.org_key
)
select
    indicator_id,
    year::integer as year,
    level,
    territory_id,
    org_type_id,
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
    case when value_pct is not null then value_pct < trajectory_pct end as is_lagging,
    case when level = 'territory' and value_pct is not null then
        rank() over (partition by indicator_id, year, level, value_pct is null order by value_pct desc)
    end::integer as rank_among_territories
from with_previous
order by indicator_id, year, level, territory_id, org_type_id, org_key;
