-- metric: Weak ties between departments
-- definition: ties of each pair of departments over the trailing network window (network_window_days, default 90) ending at the month-end, and how many are weak. A tie is a pair of people with at least one reply or mention between them in the window. Its neighbourhood overlap = contacts the two people share ÷ contacts either has besides the other (Onnela et al. 2007); weak_ties = ties with overlap below 0.1, local_bridges = ties whose two people share no contact at all. weak_share = weak_ties / ties. crossing = the two departments differ. people = distinct people at either end of the pair's ties. Ties with someone of unknown department are left out.
-- grain: one row per pair of departments (department_a <= department_b) with at least one tie in the window
-- params:
--   $month_end date = null: the latest month-end on or before this day; null = the latest snapshot
--   $department text = null: only pairs involving this department; null = all
-- group_size: people
-- group_keys: department_a, department_b, crossing
with chosen as (
    select max(month_end) as month_end
    from network_weak_ties
    where $month_end is null or month_end <= $month_end
)

select w.department_a, w.department_b, w.ties, w.weak_ties, w.local_bridges,
       w.weak_ties / w.ties as weak_share,
       w.department_a <> w.department_b as crossing,
       w.people, w.month_end
from network_weak_ties w
join chosen c using (month_end)
where $department is null or $department in (w.department_a, w.department_b)
order by crossing, w.department_a, w.department_b
