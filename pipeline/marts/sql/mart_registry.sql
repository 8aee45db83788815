-- Grain: one row per reference territory × year of either source, plus one row per year with
-- territory_id null for registry mentors whose municipality could not be recognised (so the territories
-- add up to the region). Beside the registry's head counts (core_live_mentors: who counts in a year) stand
-- the personalised programmes the organisations reported in their forms, so the two can be compared.
create or replace table mart_registry as
with registry_years as (
    select unnest(range(min(counted_from_year), greatest(max(counted_from_year), coalesce(max(trained_from_year), 0)) + 1))::integer as year
    from core_live_mentors
    having count(*) > 0
),
years as (
    select year from registry_years
    union
    select distinct year from core_submissions
),
registry as (
    select
        m.territory_id,
        y.year,
        count(*) as mentors_registered,
        count(*) filter (where m.has_personalised_programme) as mentors_with_programme,
        count(*) filter (where m.trained_from_year <= y.year) as mentors_trained
    from years as y
    join core_live_mentors as m on m.counted_from_year <= y.year
    group by all
),
reported as (
    select s.territory_id, f.year, sum(f.value) as programmes_reported, count(*) as organisations_reporting
    from core_org_facts as f
    join core_submissions as s on s.org_key = f.org_key and s.year = f.year and s.is_current
    where f.measure_id = 'personal_programmes_count'
    group by all
),
territories as (
    select territory_id, sort_order from core_territories
    union all
    select null, null where exists (select 1 from core_live_mentors where territory_id is null)
)
select
    t.territory_id,
    y.year::integer as year,
    coalesce(g.mentors_registered, 0)::integer as mentors_registered,
    coalesce(g.mentors_with_programme, 0)::integer as mentors_with_programme,
    coalesce(g.mentors_trained, 0)::integer as mentors_trained,
    -- null where no organisation of the territory reported the count: a gap, not a zero
    p.programmes_reported::double as programmes_reported,
    coalesce(p.organisations_reporting, 0)::integer as organisations_reporting_programmes,
    round(100.0 * coalesce(g.mentors_with_programme, 0) / nullif(p.programmes_reported, 0), 4) as registry_to_reported_pct
from territories as t
cross join years as y
left join registry as g on g.territory_id is not distinct from t.territory_id and g.year = y.year
left join reported as p on p.territory_id is not distinct from t.territory_id and p.year = y.year
order by t.sort_order nulls last, y.year;
