-- Grain: one row per territory × organisation type × form of mentoring × year with any participant.
-- Counts are additive, so any level above (region, all types) is a sum of rows; shares are of the mentees
-- of the same territory × type × year.
create or replace table mart_forms as
with current_facts as (
    select s.territory_id, s.org_type_id, f.year, f.form_id, f.measure_id, f.value
    from core_facts as f
    join core_submissions as s on s.org_key = f.org_key and s.year = f.year and s.is_current
),
by_form as (
    select
        territory_id,
        org_type_id,
        form_id,
        year,
        sum(value) filter (where measure_id in ('mentees_students', 'mentees_young_teachers')) as mentees,
        sum(value) filter (where measure_id = 'mentees_students') as mentees_students,
        sum(value) filter (where measure_id = 'mentees_young_teachers') as mentees_young_teachers,
        sum(value) filter (where measure_id = 'mentors_students') as mentors_students,
        sum(value) filter (where measure_id = 'enterprises_mentors') as enterprises_mentors
    from current_facts
    group by all
)
select
    territory_id,
    org_type_id,
    form_id,
    year::integer as year,
    coalesce(mentees, 0)::double as mentees,
    coalesce(mentees_students, 0)::double as mentees_students,
    coalesce(mentees_young_teachers, 0)::double as mentees_young_teachers,
    coalesce(mentors_students, 0)::double as mentors_students,
    coalesce(enterprises_mentors, 0)::double as enterprises_mentors,
    round(100.0 * coalesce(mentees, 0) / nullif(sum(coalesce(mentees, 0)) over (partition by territory_id, org_type_id, year), 0), 4) as share_of_mentees_pct
from by_form
order by territory_id, org_type_id, year, form_id;
