-- Grain: one row per reference territory × year of data: who reported, which files counted.
create or replace table mart_coverage as
with years as (
    select distinct year from stg_submissions
),
keyed as (
    select s.territory_id, s.year, s.file_sha256, s.is_accepted from stg_submissions as s
),
reported as (
    select territory_id, year, count(distinct org_key) as organisations_reported
    from core_submissions
    where is_current
    group by all
),
files as (
    select
        territory_id,
        year,
        count(distinct file_sha256) filter (where is_accepted) as files_loaded,
        count(distinct file_sha256) filter (where not is_accepted) as files_rejected
    from keyed
    group by all
)
select
    t.territory_id,
    y.year::integer as year,
    coalesce(r.organisations_reported, 0)::integer as organisations_reported,
    coalesce(f.files_loaded, 0)::integer as files_loaded,
    coalesce(f.files_rejected, 0)::integer as files_rejected
from core_territories as t
cross join years as y
left join reported as r on r.territory_id = t.territory_id and r.year = y.year
left join files as f on f.territory_id = t.territory_id and f.year = y.year
order by t.sort_order, y.year;
