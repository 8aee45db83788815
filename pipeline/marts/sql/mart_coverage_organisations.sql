-- Grain: one row per organisation × year it was expected to report or did report: who is missing.
-- Expected: the reference list of organisations (data/reference/organisations.csv) for the years each
-- entry is valid; when the region keeps no list, every organisation seen in an earlier year (in the
-- territory of its latest earlier report) and every one reporting this year.
create or replace table mart_coverage_organisations as
with years as (
    select distinct year from stg_submissions
),
current_submissions as (
    select org_key, year, territory_id, org_type_id from core_submissions where is_current
),
from_reference as (
    select r.org_key, y.year, r.territory_id, r.org_type_id, r.name
    from core_reference_organisations as r
    join years as y on y.year between coalesce(r.valid_from, y.year) and coalesce(r.valid_to, y.year)
),
from_earlier_years as (
    select
        o.org_key,
        y.year,
        arg_max(s.territory_id, s.year) as territory_id,
        arg_max(s.org_type_id, s.year) as org_type_id,
        o.name
    -- only when the region keeps no list: the filter on the few years spares the join when it does
    from (select * from years where not exists (select 1 from core_reference_organisations)) as y
    join current_submissions as s on s.year < y.year
    join core_organisations as o using (org_key)
    group by all
),
expected as (
    select *, 'reference' as expected_from from from_reference
    union all
    select *, 'earlier_years' from from_earlier_years
),
reported as (
    select s.org_key, s.year, s.territory_id, s.org_type_id, o.name
    from current_submissions as s
    join core_organisations as o using (org_key)
)
select
    coalesce(r.org_key, e.org_key) as org_key,
    coalesce(r.year, e.year)::integer as year,
    coalesce(r.territory_id, e.territory_id) as territory_id,
    coalesce(r.org_type_id, e.org_type_id) as org_type_id,
    coalesce(r.name, e.name) as organisation,
    case
        when r.org_key is null then 'missing'
        when e.org_key is null and exists (select 1 from core_reference_organisations) then 'unlisted'
        else 'reported'
    end as status
from expected as e
full join reported as r on r.org_key = e.org_key and r.year = e.year
order by year, territory_id, organisation, org_key;
