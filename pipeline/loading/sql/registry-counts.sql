-- core_registry_counts: year × territory × organisation type × form. Who counts in a year is defined once,
-- by the view core_live_mentors (registered by 31 December, not deleted; trained by then).
delete from core_registry_counts;
insert into core_registry_counts (year, territory_id, org_type_id, form_id, mentors_registered, mentors_with_programme, mentors_trained)
with years as (
  select unnest(range(min(counted_from_year), greatest(max(counted_from_year), coalesce(max(trained_from_year), 0)) + 1))::integer as year
  from core_live_mentors
  having count(*) > 0
)
select
  y.year,
  m.territory_id,
  m.org_type_id,
  f.form_id,
  count(*)::integer as mentors_registered,
  count(*) filter (where m.has_personalised_programme)::integer as mentors_with_programme,
  count(*) filter (where m.trained_from_year <= y.year)::integer as mentors_trained
from years as y
join core_live_mentors as m on m.counted_from_year <= y.year
left join core_mentor_forms as f using (mentor_id)
group by all
order by all;
