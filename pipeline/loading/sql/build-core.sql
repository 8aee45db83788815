-- Core from staging: one identity per organisation, the newest accepted file per organisation × year
-- counts (older ones stay as history), and the facts of the current submissions.
delete from core_facts;
delete from core_org_facts;
delete from core_submissions;
delete from core_organisations;

-- An organisation is its ИНН; a form without ИНН (seed 002 has none) joins the organisation that gave one
-- under the same name in the same territory, in a file or in the reference list; failing that, its name.
create temp table int_inn_by_name as
select territory_id, name_key, max(inn) as inn
from (
    select territory_id, org_name_key as name_key, org_inn as inn from stg_submissions where org_inn is not null
    union all
    select territory_id, name_key, inn from core_reference_organisations where inn is not null
)
group by all;

create temp macro int_org_key(own_inn, inn_by_name, territory, name_key) as
    coalesce(own_inn, inn_by_name, 'name:' || territory || ':' || name_key);

update core_reference_organisations as r
set org_key = int_org_key(r.inn, n.inn, r.territory_id, r.name_key)
from core_reference_organisations as r2
left join int_inn_by_name as n on n.territory_id = r2.territory_id and n.name_key = r2.name_key
where r2.rowid = r.rowid;

create temp table int_submissions_keyed as
with keyed as (
    select s.*, int_org_key(s.org_inn, n.inn, s.territory_id, s.org_name_key) as org_key
    from stg_submissions as s
    left join int_inn_by_name as n on n.territory_id = s.territory_id and n.name_key = s.org_name_key
    where s.is_accepted
)
select
    *,
    row_number() over (
        partition by org_key, year order by submitted_at desc, file_sha256 desc
    ) = 1 as is_current
from keyed;

insert into core_submissions (org_key, year, territory_id, org_type_id, file_sha256, submitted_at, is_current)
select org_key, year, territory_id, org_type_id, file_sha256, submitted_at, is_current
from int_submissions_keyed;

insert into core_organisations (org_key, inn, name, territory_id, org_type_id, first_year, last_year)
select
    org_key,
    max(org_inn) as inn,
    arg_max(org_name, year) as name,
    arg_max(territory_id, year) as territory_id,
    arg_max(org_type_id, year) as org_type_id,
    min(year) as first_year,
    max(year) as last_year
from int_submissions_keyed
where is_current
group by org_key;

insert into core_facts (org_key, year, form_id, measure_id, value)
select k.org_key, v.year, v.form_id, v.measure_id, v.value
from stg_values as v
join int_submissions_keyed as k
    on k.file_sha256 = v.file_sha256 and k.year = v.year
    and k.territory_id = v.territory_id and k.org_name_key = v.org_name_key
where k.is_current and v.form_id is not null;

insert into core_org_facts (org_key, year, measure_id, value)
select k.org_key, v.year, v.measure_id, v.value
from stg_values as v
join int_submissions_keyed as k
    on k.file_sha256 = v.file_sha256 and k.year = v.year
    and k.territory_id = v.territory_id and k.org_name_key = v.org_name_key
where k.is_current and v.form_id is null;

drop table int_submissions_keyed;
drop macro int_org_key;
drop table int_inn_by_name;
