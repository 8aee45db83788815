-- Grain: one row per indicator × year × level × unit. Levels: 'region'; 'territory' (every reference
-- territory, a gap where it reported nothing); 'org_type', 'form', 'territory_org_type' and 'organisation'
-- (where anyone reported). Shares are sums over sums; a missing year is a gap (null), never a zero. Sums run in
-- DECIMAL: a sum of doubles depends on the order the threads add them in, and a rerun must give the same numbers.
-- Rows are in no particular order: the snapshot orders them when it publishes.
-- A unit's value: a share only where its denominator is positive (a zero or missing one gives no value, a finding).
-- A survey's percentage sent without the number of respondents cannot be weighted: where no organisation of a unit
-- gave respondents, the unit's value is the plain mean of the percentages sent, marked 'unweighted_mean'.
-- Beside each value the mart says who is behind it: how many organisations reported, how many count (a positive
-- denominator), why the others do not (denominator missing or zero), and how many denominators came from the
-- contingent rather than the organisation's own form — so a page can say why a share is missing.
create or replace temp macro share_pct(numerator, denominator) as case when denominator > 0 then 100.0 * numerator / denominator end;
create or replace temp macro unit_value_pct(numerator, denominator, pct_sum, pct_n) as
    coalesce(share_pct(numerator, denominator), case when coalesce(denominator, 0) = 0 and pct_n > 0 then pct_sum / pct_n end);
-- The few-valued keys are written as ENUMs of the reference's ids: DuckDB writes a million text cells far slower than
-- small integers, and at national scale the mart took 1.0–1.2 s less to build. Any client reads them as text. Each
-- type lists its ids in their text order, so the rows sort as they did as text; the table keeps its own copy of
-- the type, which is dropped at the end. An ENUM cannot be empty: a warehouse with no reference loaded yet (whose
-- mart is empty) gets the one value '-'.
drop type if exists enum_indicator_id;
create type enum_indicator_id as enum (
    select indicator_id from core_indicators union all select '-' where not exists (from core_indicators) order by 1);
-- Types and forms also list the codes in use: a code since removed from the reference stays in the facts loaded with it.
drop type if exists enum_org_type_id;
create type enum_org_type_id as enum (
    select org_type_id from core_org_types
    union select org_type_id from core_submissions where org_type_id is not null
    union select '-' where not exists (from core_org_types) and not exists (from core_submissions where org_type_id is not null)
    order by 1);
drop type if exists enum_form_id;
create type enum_form_id as enum (
    select form_id from core_forms
    union select form_id from core_facts
    union select '-' where not exists (from core_forms) and not exists (from core_facts)
    order by 1);

create or replace table mart_indicator_values as
with org_years as (
    -- numbered so that the one wide grouping over the facts below runs on integers (a sixth faster at
    -- national scale than on the text keys)
    select
        row_number() over () as org_year_no,
        -- the organisation as a unit of the mart, the same in every year it reports from the same territory and type
        dense_rank() over (order by org_key, territory_id, org_type_id) as org_unit_no,
        org_key, year, territory_id, org_type_id
    from core_submissions
    where is_current
),
indicators as (
    select row_number() over (order by indicator_id) as indicator_no, * from core_indicators
),
-- the two measures each indicator reads, with the organisation type it is limited to
indicator_measures as (
    select indicator_no, org_type_id, numerator_measure as measure_id, true as is_numerator from indicators
    union all
    select indicator_no, org_type_id, denominator_measure, false from indicators
),
-- each organisation's numerator and denominator for every indicator in its scope, in one pass over the facts
-- (a form measure is summed over the forms)
org_sums as (
    select
        m.indicator_no,
        oy.org_year_no,
        sum(f.value) filter (where m.is_numerator) as num,
        sum(f.value) filter (where not m.is_numerator) as den,
        bool_or(f.is_contingent) filter (where not m.is_numerator) as den_from_contingent
    from (
        select org_key, year, measure_id, value, false as is_contingent from core_facts
        union all
        select org_key, year, measure_id, value, source = 'contingent' from core_org_facts
    ) as f
    join org_years as oy using (org_key, year)
    join indicator_measures as m
        on m.measure_id = f.measure_id and (m.org_type_id is null or m.org_type_id = oy.org_type_id)
    group by all
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
        s.indicator_no,
        oy.org_unit_no,
        case i.method
            when 'weighted_pct' then s.num * s.den / 100
            else coalesce(s.num, 0)
        end::decimal(24, 6) as numerator,
        s.den::decimal(24, 6) as denominator,
        coalesce(s.den > 0, false) as is_counted,
        -- what the organisation reported whether or not it counts: its count, or a survey's percentage
        case when i.method = 'ratio' then coalesce(s.num, 0) end::decimal(24, 6) as numerator_reported,
        case when i.method = 'weighted_pct' then s.num end::decimal(24, 6) as pct_reported,
        coalesce(s.den_from_contingent, false) as den_from_contingent
    from org_sums as s
    join indicators as i using (indicator_no)
    join org_years as oy using (org_year_no)
    -- a survey's share needs the share itself; respondents alone say nothing
    where i.method <> 'weighted_pct' or s.num is not null
),
years as (
    select distinct year from org_years
),
-- the region, territory, type and territory × type sums in one pass; a unit where no organisation counts gets
-- no value (a null sum), never a zero
sums as (
    select
        indicator_id,
        year,
        territory_id,
        org_type_id,
        grouping(territory_id, org_type_id) as unset,
        sum(numerator) filter (where is_counted) as numerator,
        sum(denominator) filter (where is_counted) as denominator,
        sum(numerator_reported) as numerator_reported,
        sum(pct_reported) filter (where not is_counted) as pct_sum,
        count(pct_reported) filter (where not is_counted) as pct_n,
        count(*) as organisations_reporting,
        count(*) filter (where is_counted) as organisations_counted,
        count(*) filter (where denominator is null) as organisations_denominator_missing,
        count(*) filter (where denominator = 0) as organisations_denominator_zero,
        count(*) filter (where is_counted and den_from_contingent) as organisations_denominator_contingent
    from org_indicator
    group by grouping sets ((indicator_id, year), (indicator_id, year, territory_id), (indicator_id, year, org_type_id),
        (indicator_id, year, territory_id, org_type_id))
),
by_region as (
    select * exclude (territory_id, org_type_id, unset) from sums where unset = 3
),
-- the few organisations in an indicator's scope that do not count (a denominator missing or zero)
not_counted as materialized (
    select indicator_no, org_year_no from org_sums where not coalesce(den > 0, false)
),
-- those that count with a denominator from the contingent
counted_from_contingent as materialized (
    select indicator_no, org_year_no from org_sums where den > 0 and den_from_contingent
),
-- by form of mentoring: the part of the region's numerator reported under each form, over the whole
-- denominator, so the forms' values add up to the region's value
by_form as (
    select
        m.indicator_no, oy.year, f.form_id,
        (sum(f.value) filter (where u.org_year_no is null))::decimal(24, 6) as numerator,
        sum(f.value)::decimal(24, 6) as numerator_reported,
        count(distinct oy.org_year_no) as organisations_reporting,
        count(distinct oy.org_year_no) filter (where u.org_year_no is null) as organisations_counted,
        count(distinct oy.org_year_no) filter (where c.org_year_no is not null) as organisations_denominator_contingent
    from core_facts as f
    join org_years as oy using (org_key, year)
    join indicator_measures as m
        on m.is_numerator and m.measure_id = f.measure_id and (m.org_type_id is null or m.org_type_id = oy.org_type_id)
    -- an organisation with form rows reported its numerator, so it is in org_sums: it counts unless not_counted
    left join not_counted as u on u.indicator_no = m.indicator_no and u.org_year_no = oy.org_year_no
    left join counted_from_contingent as c on c.indicator_no = m.indicator_no and c.org_year_no = oy.org_year_no
    group by all
    -- a form only organisations that do not count reported has no part in the value (its count is in mart_counts)
    having count(*) filter (where u.org_year_no is null) > 0
),
aggregate_levels as (
    select i.indicator_id, y.year, 'region' as level, null::varchar as territory_id, null::varchar as org_type_id,
        null::varchar as form_id, null::varchar as org_key, r.numerator, r.denominator, r.numerator_reported, r.pct_sum, r.pct_n,
        coalesce(r.organisations_reporting, 0) as organisations_reporting, coalesce(r.organisations_counted, 0) as organisations_counted,
        coalesce(r.organisations_denominator_missing, 0) as organisations_denominator_missing,
        coalesce(r.organisations_denominator_zero, 0) as organisations_denominator_zero,
        coalesce(r.organisations_denominator_contingent, 0) as organisations_denominator_contingent
    from core_indicators as i
    cross join years as y
    left join by_region as r on r.indicator_id = i.indicator_id and r.year = y.year
    union all
    select i.indicator_id, y.year, 'territory', t.territory_id, null, null, null, s.numerator, s.denominator, s.numerator_reported,
        s.pct_sum, s.pct_n, coalesce(s.organisations_reporting, 0), coalesce(s.organisations_counted, 0),
        coalesce(s.organisations_denominator_missing, 0), coalesce(s.organisations_denominator_zero, 0),
        coalesce(s.organisations_denominator_contingent, 0)
    from core_indicators as i
    cross join years as y
    cross join core_territories as t
    left join (select * from sums where unset = 1) as s
        on s.indicator_id = i.indicator_id and s.year = y.year and s.territory_id = t.territory_id
    union all
    select indicator_id, year, 'org_type', null, org_type_id, null, null, numerator, denominator, numerator_reported, pct_sum, pct_n, organisations_reporting, organisations_counted, organisations_denominator_missing, organisations_denominator_zero, organisations_denominator_contingent
    from sums where unset = 2
    union all
    -- a form's part has no survey mean; its denominator, and why organisations lack one, are the region's
    select i.indicator_id, f.year, 'form', null, null, f.form_id, null, f.numerator, r.denominator, f.numerator_reported,
        null, null, f.organisations_reporting, f.organisations_counted, r.organisations_denominator_missing,
        r.organisations_denominator_zero, f.organisations_denominator_contingent
    from by_form as f
    join indicators as i using (indicator_no)
    join by_region as r on r.indicator_id = i.indicator_id and r.year = f.year
    union all
    select indicator_id, year, 'territory_org_type', territory_id, org_type_id, null, null, numerator, denominator, numerator_reported, pct_sum, pct_n, organisations_reporting, organisations_counted, organisations_denominator_missing, organisations_denominator_zero, organisations_denominator_contingent
    from sums where unset = 0
),
-- the trajectory's value for each indicator × year: a straight line from the baseline to the target, then the target
indicator_years as (
    select
        i.indicator_id,
        y.year,
        i.baseline_pct,
        i.target_pct,
        i.baseline_pct + (i.target_pct - i.baseline_pct)
            * (least(greatest(y.year, i.baseline_year), i.target_year) - i.baseline_year)
            / (i.target_year - i.baseline_year) as trajectory_pct
    from core_indicators as i
    cross join years as y
),
aggregate_valued as materialized (
    select * exclude (pct_sum, pct_n), unit_value_pct(numerator, denominator, pct_sum, pct_n) as value_pct,
        case when share_pct(numerator, denominator) is not null then 'sums' when pct_n > 0 then 'unweighted_mean' end as value_basis
    from aggregate_levels
),
-- the previous calendar year's value of the same unit; a missing year leaves it null
aggregate_rows as (
    select
        v.*,
        p.value_pct as prev_value_pct,
        -- ranked here, apart from the organisations (a window over every row would sort them all), by the value as
        -- published: territories whose shown values are equal share a rank
        case when v.level = 'territory' and v.value_pct is not null
            then rank() over (partition by v.indicator_id, v.year, v.level, v.value_pct is null order by round(v.value_pct, 4) desc)
        end as rank_among_territories
    from aggregate_valued as v
    left join aggregate_valued as p
        on p.indicator_id = v.indicator_id and p.level = v.level and p.year = v.year - 1
        and p.territory_id is not distinct from v.territory_id
        and p.org_type_id is not distinct from v.org_type_id
        and p.form_id is not distinct from v.form_id
),
-- organisations straight from org_indicator, their previous year joined on their numbers: no copy of the
-- 1.5 million rows is made on the way
organisation_rows as (
    select
        o.indicator_id, o.year, 'organisation' as level, o.territory_id, o.org_type_id, null::varchar as form_id, o.org_key,
        o.numerator, o.denominator, o.numerator_reported, 1 as organisations_reporting, o.is_counted::integer as organisations_counted,
        (o.denominator is null)::integer as organisations_denominator_missing, coalesce(o.denominator = 0, false)::integer as organisations_denominator_zero,
        (o.is_counted and o.den_from_contingent)::integer as organisations_denominator_contingent,
        unit_value_pct(o.numerator, o.denominator, o.pct_reported, (o.pct_reported is not null and not o.is_counted)::integer) as value_pct,
        case when o.is_counted then 'sums' when o.pct_reported is not null then 'unweighted_mean' end as value_basis,
        unit_value_pct(p.numerator, p.denominator, p.pct_reported, (p.pct_reported is not null and not p.is_counted)::integer) as prev_value_pct,
        null::bigint as rank_among_territories
    from org_indicator as o
    left join org_indicator as p on p.indicator_no = o.indicator_no and p.org_unit_no = o.org_unit_no and p.year = o.year - 1
)
select
    r.indicator_id::enum_indicator_id as indicator_id,
    r.year::integer as year,
    r.level::enum('form', 'org_type', 'organisation', 'region', 'territory', 'territory_org_type') as level,
    r.territory_id,
    r.org_type_id::enum_org_type_id as org_type_id,
    r.form_id::enum_form_id as form_id,
    r.org_key,
    r.numerator::double as numerator,
    r.denominator::double as denominator,
    r.numerator_reported::double as numerator_reported,
    r.organisations_reporting::integer as organisations_reporting,
    r.organisations_counted::integer as organisations_counted,
    r.organisations_denominator_missing::integer as organisations_denominator_missing,
    r.organisations_denominator_zero::integer as organisations_denominator_zero,
    r.organisations_denominator_contingent::integer as organisations_denominator_contingent,
    r.value_basis::enum('sums', 'unweighted_mean') as value_basis,
    round(r.value_pct, 4) as value_pct,
    round(r.prev_value_pct, 4) as prev_value_pct,
    round(r.value_pct - r.prev_value_pct, 4) as change_pp,
    y.baseline_pct,
    y.target_pct,
    round(y.trajectory_pct, 4) as trajectory_pct,
    -- the share of the way from the baseline to the target covered (below 0: behind the baseline)
    round(100 * (r.value_pct - y.baseline_pct) / (y.target_pct - y.baseline_pct), 4) as progress_pct,
    case when r.value_pct is not null then r.value_pct < y.trajectory_pct end as is_lagging,
    r.rank_among_territories::integer as rank_among_territories
from (select * from aggregate_rows union all select * from organisation_rows) as r
join indicator_years as y using (indicator_id, year);

drop type enum_indicator_id;
drop type enum_org_type_id;
drop type enum_form_id;
