-- Grain: one row per territory × organisation type × year × checklist criterion (seed 004) answered by
-- at least one organisation. The share is of the organisations that answered; counts are additive.
create or replace table mart_checklist as
select
    s.territory_id,
    s.org_type_id,
    f.year::integer as year,
    c.criterion_id,
    count(*)::integer as organisations_answered,
    count(*) filter (where f.value = 1)::integer as organisations_meeting,
    round(100.0 * count(*) filter (where f.value = 1) / count(*), 4) as share_pct
from core_org_facts as f
join core_checklist_criteria as c on c.measure_id = f.measure_id
join core_submissions as s on s.org_key = f.org_key and s.year = f.year and s.is_current
group by all
order by s.territory_id, s.org_type_id, year, c.criterion_id;
