-- Grain: one row per reference territory × year of data: who was expected, who reported, which files
-- counted. Organisations are counted in the territory they reported from (missing ones: where they were
-- expected), per mart_coverage_organisations.
create or replace table mart_coverage as
with years as (
    select distinct year from stg_submissions
),
organisations as (
    select
        territory_id,
        year,
        count(*) filter (where status <> 'unlisted') as organisations_expected,
        count(*) filter (where status <> 'missing') as organisations_reported,
        count(*) filter (where status = 'missing') as organisations_missing,
        count(*) filter (where status = 'unlisted') as organisations_unlisted
    from mart_coverage_organisations
    group by all
),
superseded as (
    select territory_id, year, count(*) as submissions_superseded
    from core_submissions
    where not is_current
    group by all
),
files as (
    select
        territory_id,
        year,
        count(distinct file_sha256) filter (where is_accepted) as files_loaded,
        count(distinct file_sha256) filter (where not is_accepted) as files_rejected
    from stg_submissions
    group by all
)
select
    t.territory_id,
    y.year::integer as year,
    case when exists (select 1 from core_reference_organisations) then 'reference' else 'earlier_years' end as expected_from,
    coalesce(o.organisations_expected, 0)::integer as organisations_expected,
    coalesce(o.organisations_reported, 0)::integer as organisations_reported,
    coalesce(o.organisations_missing, 0)::integer as organisations_missing,
    coalesce(o.organisations_unlisted, 0)::integer as organisations_unlisted,
    coalesce(s.submissions_superseded, 0)::integer as submissions_superseded,
    coalesce(f.files_loaded, 0)::integer as files_loaded,
    coalesce(f.files_rejected, 0)::integer as files_rejected,
    round(100.0 * (o.organisations_expected - o.organisations_missing) / nullif(o.organisations_expected, 0), 4) as share_reported_pct
from core_territories as t
cross join years as y
left join organisations as o on o.territory_id = t.territory_id and o.year = y.year
left join superseded as s on s.territory_id = t.territory_id and s.year = y.year
left join files as f on f.territory_id = t.territory_id and f.year = y.year
order by t.sort_order, y.year;
