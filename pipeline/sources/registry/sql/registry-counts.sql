-- core_registry_counts: year × territory × organisation type × form, from the current, not deleted mentors.
-- Cumulative: a mentor counts in every year from the year of registration on; `trained` needs trained_at by
-- 31 December of the year (a trained mentor with no date counts as trained from registration).
delete from core_registry_counts;
insert into core_registry_counts (year, territory_id, org_type_id, form_id, mentors_registered, mentors_with_programme, mentors_trained)
with live as (
  select * from core_mentors where not is_deleted
),
bounds as (
  select min(year(registered_at)) as first_year, greatest(max(year(registered_at)), coalesce(max(year(trained_at)), 0)) as last_year from live
),
years as (
  select unnest(range(first_year, last_year + 1))::integer as year from bounds where first_year is not null
),
mentor_forms as (
  select live.*, f.form_id from live left join core_mentor_forms f using (mentor_id)
)
select
  y.year,
  m.territory_id,
  m.org_type_id,
  m.form_id,
  count(*)::integer as mentors_registered,
  count(*) filter (where m.has_personalised_programme)::integer as mentors_with_programme,
  count(*) filter (where m.is_trained and (m.trained_at is null or m.trained_at <= make_date(y.year, 12, 31)))::integer as mentors_trained
from years y
join mentor_forms m on m.registered_at <= make_date(y.year, 12, 31)
group by all
order by all;
