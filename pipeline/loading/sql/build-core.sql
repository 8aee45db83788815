-- Core from staging: one identity per organisation, the newest accepted file per organisation × year
-- counts (older ones stay as history), and the facts of the current submissions.
delete from core_contingent;
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

-- The contingent (stg_contingent_*, never a submission): each total is matched to an organisation by ИНН, else by
-- name within its territory (int_org_key without an ИНН of its own, as a form without one is keyed), among the
-- organisations that sent forms or are listed in the reference. The newest contingent file per organisation × year ×
-- measure counts; its total fills core_org_facts (source 'contingent') only where the organisation sent a current form
-- that year, its form did not give that measure (the form's own value wins), and the total is not below the
-- organisation's count it is the denominator of. Every staged value's outcome goes to core_contingent.
create temp table int_known_orgs as
select distinct org_key from (
    select org_key from core_organisations
    union all
    select org_key from core_reference_organisations where org_key is not null
);

create temp table int_contingent as
with named as (
    select v.*, int_org_key(null, n.inn, v.territory_id, v.org_name_key) as name_org_key
    from stg_contingent_values as v
    left join int_inn_by_name as n on n.territory_id = v.territory_id and n.name_key = v.org_name_key
),
keyed as (
    select m.*, coalesce(by_inn.org_key, by_name.org_key) as org_key
    from named as m
    left join int_known_orgs as by_inn on by_inn.org_key = m.org_inn
    left join int_known_orgs as by_name on by_name.org_key = m.name_org_key
)
select
    row_number() over (order by file_sha256, sheet, row_number, measure_id) as id,
    *,
    row_number() over (
        partition by org_key, year, measure_id order by submitted_at desc, file_sha256 desc, row_number desc
    ) = 1 as is_newest
from keyed;

-- what each organisation's current form counts, per year and measure (per-form measures summed over the forms);
-- only for the organisation-years a contingent names, so a region without a contingent pays nothing here
create temp table int_form_counts as
select org_key, year, measure_id, sum(value) as value
from (
    select org_key, year, measure_id, value from core_facts
    union all
    select org_key, year, measure_id, value from core_org_facts
) as f
semi join int_contingent as c using (org_key, year)
group by all;

-- a total below a count it is the denominator of (ratio indicators whose type scope holds the organisation): the largest such count
create temp table int_contingent_below as
select c.id, arg_max(i.numerator_measure, fc.value) as count_measure_id, max(fc.value) as count_value
from int_contingent as c
join core_submissions as cs on cs.org_key = c.org_key and cs.year = c.year and cs.is_current
join core_indicators as i
    on i.method = 'ratio' and i.denominator_measure = c.measure_id
    and (i.org_type_id is null or i.org_type_id = cs.org_type_id)
join int_form_counts as fc on fc.org_key = c.org_key and fc.year = c.year and fc.measure_id = i.numerator_measure
where fc.value > c.value
group by c.id;

insert into core_contingent (
    file_sha256, file_name, sheet, row_number, column_name, year, territory_id, org_inn, org_name, org_key,
    measure_id, value, status, form_value, count_measure_id, count_value
)
select
    c.file_sha256, f.file_name, c.sheet, c.row_number, c.column_name, c.year, c.territory_id, c.org_inn, c.org_name, c.org_key,
    c.measure_id, c.value,
    case
        when c.org_key is null then 'unmatched'
        when not c.is_newest then 'superseded'
        when cs.org_key is null then 'no_submission'
        when own.value is not null then 'form_value_kept'
        when b.id is not null then 'below_count'
        else 'used'
    end as status,
    own.value as form_value,
    b.count_measure_id,
    b.count_value
from int_contingent as c
left join raw_files as f on f.file_sha256 = c.file_sha256
left join core_submissions as cs on cs.org_key = c.org_key and cs.year = c.year and cs.is_current
left join core_org_facts as own on own.org_key = c.org_key and own.year = c.year and own.measure_id = c.measure_id
left join int_contingent_below as b on b.id = c.id;

insert into core_org_facts (org_key, year, measure_id, value, source)
select org_key, year, measure_id, value, 'contingent'
from core_contingent
where status = 'used';

drop table int_contingent_below;
drop table int_form_counts;
drop table int_contingent;
drop table int_known_orgs;

drop table int_submissions_keyed;
drop macro int_org_key;
drop table int_inn_by_name;
