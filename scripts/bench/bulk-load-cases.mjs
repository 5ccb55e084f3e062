// Bulk-loads benchmark cases straight into a migrated, demo-seeded Yuanqu database with
// `INSERT … SELECT … FROM generate_series`, one statement per batch, on PostgreSQL or PGlite.
//
// What the data looks like (so that the queue's filters and its "most urgent first" order meet
// realistic rows):
// - Zones: 咸阳高新区 (the demo clerk's zone) gets `zoneShare` of the cases, 沣西新城 the rest. 沣西
//   gets a copy of 咸阳's catalogue and departments (it has none in the demo), so both zones have 17
//   items in up to 8 departments.
// - Applicants: `enterprises` bench enterprises with one applicant each, split between the zones, plus
//   the demo ones; each case picks one uniformly.
// - Status: `openShare` of the cases are open (on the staff queue: submitted 15 %, correction_requested
//   10 %, inspection 10 %, under_review 45 %, suspended 5 %, concluded 15 % of the open ones); the rest
//   are closed history since 2023 (delivered 88 %, refused 5 %, withdrawn 4 %, abandoned drafts 3 %).
// - Clock: dates are working days of the official calendar loaded in `calendar_days`, so `due_on` and
//   `warn_on` are exactly what the app computes (limit and 80 % of it after acceptance; null while the
//   clock is stopped or beyond the loaded years). Open accepted cases are between 0 and 125 % of their
//   limit into the clock: about 64 % green, 16 % yellow, 20 % red (overdue).
// - Each submitted case has a number in its zone's yearly sequence (the counters are moved on, so new
//   submissions continue after them), two materials (pointing at two placeholder file rows per zone),
//   and its timeline: draft created, submitted, and the latest step.
// - Not loaded: audit records (each needs the previous record's hash; appending costs the same at any
//   length, since the tail is found through the primary key), outbox messages, ratings, documents.
//
// Foreign-key triggers are switched off while loading (session_replication_role = replica): every
// reference is taken from the rows themselves, and checking 8 million references would triple the
// load time. VACUUM ANALYZE at the end gives the planner statistics and the visibility map a long-running
// database has (PGlite has no autovacuum).

/** The case number prefix of a zone code, as cases.service.ts makes it ("xianyang-hitech" → "XH"). */
export function caseNumberPrefix(zoneCode) {
  return zoneCode
    .split('-')
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
}

/** Status of a generated case from one random number: open states first, then closed history. */
function statusCase(openShare) {
  const open = [
    ['submitted', 0.15],
    ['correction_requested', 0.1],
    ['inspection', 0.1],
    ['under_review', 0.45],
    ['suspended', 0.05],
    ['concluded', 0.15],
  ];
  const closed = [
    ['delivered', 0.88],
    ['refused', 0.05],
    ['withdrawn', 0.04],
    ['draft', 0.03],
  ];
  let at = 0;
  const branches = [];
  for (const [status, share] of open) {
    at += share * openShare;
    branches.push(`WHEN r_status < ${at.toFixed(6)} THEN '${status}'`);
  }
  for (const [status, share] of closed.slice(0, -1)) {
    at += share * (1 - openShare);
    branches.push(`WHEN r_status < ${at.toFixed(6)} THEN '${status}'`);
  }
  return `CASE ${branches.join(' ')} ELSE '${closed.at(-1)[0]}' END`;
}

async function prepare(query, { today, enterprises, zoneShare }) {
  await query(`SET TIME ZONE 'UTC'`);
  const zones = await query(`SELECT id, code FROM zones ORDER BY (code = 'xianyang-hitech') DESC, code`);
  if (zones.length < 2 || zones[0].code !== 'xianyang-hitech')
    throw new Error('the demo zones are missing: start the server once with SEED_DEMO=true first');
  const [home, other] = zones;

  // 沣西 gets 咸阳's departments and catalogue, so that both zones have items and departments.
  await query(
    `INSERT INTO departments (zone_id, code, name_zh, name_en)
     SELECT $2, code, name_zh, name_en FROM departments WHERE zone_id = $1
     ON CONFLICT (zone_id, code) DO NOTHING`,
    [home.id, other.id],
  );
  await query(
    `INSERT INTO service_items (zone_id, code, name_zh, name_en, department_id, kind, legal_basis, statutory_limit_days, committed_limit_days, fee_yuan, fee_note,
                                materials, form, needs_inspection, inspection_checklist, shot_list, partner_zone_ids, is_published)
     SELECT $2, replace(s.code, 'XYGX-', 'FXXC-'), s.name_zh, s.name_en, d2.id, s.kind, s.legal_basis, s.statutory_limit_days, s.committed_limit_days, s.fee_yuan, s.fee_note,
            s.materials, s.form, s.needs_inspection, s.inspection_checklist, s.shot_list, '[]'::jsonb, true
     FROM service_items s
     JOIN departments d1 ON d1.id = s.department_id
     JOIN departments d2 ON d2.zone_id = $2 AND d2.code = d1.code
     WHERE s.zone_id = $1
     ON CONFLICT (zone_id, code) DO NOTHING`,
    [home.id, other.id],
  );

  // Bench enterprises, each with one applicant (they never sign in: the password hash is a placeholder).
  const perZone = [Math.round(enterprises * zoneShare), enterprises - Math.round(enterprises * zoneShare)];
  for (const [zoneNo, zone] of [home, other].entries()) {
    await query(
      `INSERT INTO enterprises (zone_id, name, credit_code)
       SELECT $1, '演示企业' || $2::int || '-' || n || '有限公司', '91610400' || lpad(($2::int * 1000000 + n)::text, 9, '0') || 'B'
       FROM generate_series(1, $3::int) n
       ON CONFLICT (zone_id, credit_code) DO NOTHING`,
      [zone.id, zoneNo, perZone[zoneNo]],
    );
    await query(
      `INSERT INTO users (zone_id, kind, username, display_name, enterprise_id, phone, password_hash)
       SELECT $1, 'enterprise', 'bench.' || $2::int || '.' || n, '联系人' || n || '（' || e.name || '）', e.id, '139' || lpad(($2::int * 1000000 + n)::text, 8, '0'),
              'bench-placeholder-not-a-password-hash'
       FROM generate_series(1, $3::int) n
       JOIN enterprises e ON e.zone_id = $1 AND e.credit_code = '91610400' || lpad(($2::int * 1000000 + n)::text, 9, '0') || 'B'
       ON CONFLICT (username) DO NOTHING`,
      [zone.id, zoneNo, perZone[zoneNo]],
    );
    await query(
      `INSERT INTO user_roles (user_id, role) SELECT id, 'applicant' FROM users WHERE zone_id = $1 AND username LIKE 'bench.%' ON CONFLICT DO NOTHING`,
      [zone.id],
    );
  }

  await query(`DROP TABLE IF EXISTS bench_wd, bench_zone, bench_items, bench_applicants`);
  // Working days of the loaded calendar years, numbered: adding n working days to a working day is
  // adding n to its number (the start day not counted, as WorkingDayCalendar.addWorkingDays does).
  await query(
    `CREATE TEMP TABLE bench_wd AS
     SELECT (row_number() OVER (ORDER BY d))::int AS ord, d::date AS date
     FROM generate_series((SELECT make_date(min(year), 1, 1) FROM calendar_years), (SELECT make_date(max(year), 12, 31) FROM calendar_years), interval '1 day') d
     LEFT JOIN calendar_days c ON c.date = d::date
     WHERE c.kind = 'make_up_workday' OR (c.kind IS NULL AND extract(isodow FROM d) < 6)`,
  );
  await query(`ALTER TABLE bench_wd ADD PRIMARY KEY (ord)`);
  const [{ todayOrd }] = await query(`SELECT max(ord) AS "todayOrd" FROM bench_wd WHERE date <= $1::date`, [today]);
  if (!todayOrd || todayOrd < 200) throw new Error(`the loaded calendar years do not reach back far enough before ${today}`);

  await query(
    `CREATE TEMP TABLE bench_zone AS
     SELECT v.zone_no, v.zone_id::uuid AS zone_id, v.prefix FROM (VALUES (0, $1, $2), (1, $3, $4)) v(zone_no, zone_id, prefix)`,
    [home.id, caseNumberPrefix(home.code), other.id, caseNumberPrefix(other.code)],
  );
  await query(
    `CREATE TEMP TABLE bench_items AS
     SELECT z.zone_no, (row_number() OVER (PARTITION BY z.zone_no ORDER BY s.code) - 1)::int AS idx, s.id, s.department_id, s.committed_limit_days AS limit_days,
            greatest(1, ceil(s.committed_limit_days * 0.8))::int AS warn_days, s.needs_inspection,
            s.materials -> 0 ->> 'key' AS material1, coalesce(s.materials -> 1 ->> 'key', 'other') AS material2
     FROM service_items s JOIN bench_zone z ON z.zone_id = s.zone_id
     WHERE s.is_published`,
  );
  await query(
    `CREATE TEMP TABLE bench_applicants AS
     SELECT z.zone_no, (row_number() OVER (PARTITION BY z.zone_no ORDER BY u.username) - 1)::int AS idx, u.id AS user_id, u.display_name,
            e.id AS enterprise_id, e.name AS enterprise_name, e.credit_code, coalesce(u.phone, '13800000199') AS phone
     FROM users u JOIN bench_zone z ON z.zone_id = u.zone_id JOIN enterprises e ON e.id = u.enterprise_id
     WHERE u.kind = 'enterprise'`,
  );
  // Two placeholder file rows per zone that the loaded cases' materials point at (never downloaded).
  await query(
    `INSERT INTO files (zone_id, owner_id, original_name, size_bytes, sha256, detected_format, mime_type, storage_key)
     SELECT z.zone_id, a.user_id, f.name, 48213, repeat(f.k::text, 64), 'pdf', 'application/pdf', 'bench/' || z.zone_no || '/' || f.k
     FROM bench_zone z
     JOIN bench_applicants a ON a.zone_no = z.zone_no AND a.idx = 0
     CROSS JOIN (VALUES (1, '营业执照.pdf'), (2, '申请材料.pdf')) f(k, name)
     ON CONFLICT (storage_key) DO NOTHING`,
  );
  await query(`ALTER TABLE bench_zone ADD COLUMN file1 uuid, ADD COLUMN file2 uuid, ADD COLUMN n_items int, ADD COLUMN n_applicants int`);
  await query(
    `UPDATE bench_zone z SET
       file1 = (SELECT id FROM files WHERE storage_key = 'bench/' || z.zone_no || '/1'),
       file2 = (SELECT id FROM files WHERE storage_key = 'bench/' || z.zone_no || '/2'),
       n_items = (SELECT count(*) FROM bench_items i WHERE i.zone_no = z.zone_no),
       n_applicants = (SELECT count(*) FROM bench_applicants a WHERE a.zone_no = z.zone_no)`,
  );
  for (const table of ['bench_items', 'bench_applicants']) await query(`ANALYZE ${table}`);
  await query(`ANALYZE bench_wd`);
  return { todayOrd, zones: [home, other] };
}

/** A time of day on a date column: 01:00–09:00 UTC is office hours (09:00–17:00) in China; never later than now. */
function officeTime(dateColumn, from, random) {
  return `CASE WHEN ${dateColumn} IS NOT NULL THEN least(now(), (${dateColumn} + time '${from}')::timestamptz + ${random} * interval '6 hours') END`;
}

/** One batch: cases g = from … to, with their materials, timeline and the zone counters moved on. */
function batchStatement({ openShare, zoneShare, todayOrd }) {
  const T = todayOrd;
  return `
WITH src AS (
  SELECT g, random() AS r_status, random() AS r_zone, random() AS r_item, random() AS r_app, random() AS r_when, random() AS r_age, random() AS r_x, random() AS r_y
  FROM generate_series($1::int, $2::int) g
), picked AS (
  SELECT src.*, ${statusCase(openShare)} AS status, CASE WHEN r_zone < ${zoneShare} THEN 0 ELSE 1 END AS zone_no
  FROM src
), joined AS (
  SELECT p.*, z.zone_id, z.prefix, z.file1, z.file2, i.id AS item_id, i.department_id, i.limit_days, i.warn_days, i.needs_inspection,
         a.user_id AS applicant_id, a.enterprise_id, a.enterprise_name, a.credit_code, a.display_name, a.phone
  FROM picked p
  JOIN bench_zone z ON z.zone_no = p.zone_no
  JOIN bench_items i ON i.zone_no = p.zone_no AND i.idx = floor(p.r_item * z.n_items)::int
  JOIN bench_applicants a ON a.zone_no = p.zone_no AND a.idx = floor(p.r_app * z.n_applicants)::int
), submitted AS (
  SELECT j.*,
    CASE status
      WHEN 'draft' THEN NULL
      WHEN 'submitted' THEN ${T} - floor(r_age * 2)::int
      WHEN 'correction_requested' THEN ${T} - floor(r_age * 15)::int
      WHEN 'inspection' THEN ${T} - floor(r_age * (limit_days * 1.25 + 1))::int - 1
      WHEN 'under_review' THEN ${T} - floor(r_age * (limit_days * 1.25 + 1))::int - 1
      WHEN 'suspended' THEN ${T} - floor(r_age * limit_days)::int - 5 - floor(r_x * 10)::int
      WHEN 'concluded' THEN ${T} - floor(r_age * limit_days * 1.1)::int - 2
      ELSE 1 + floor(r_when * ${T - 16})::int
    END AS sub_ord,
    CASE WHEN status = 'draft' THEN CASE WHEN r_when < 0.5 THEN ${T} - floor(r_age * 40)::int ELSE 1 + floor(r_when * ${T - 1})::int END END AS draft_ord
  FROM joined j
), accepted AS (
  SELECT s.*,
    CASE
      WHEN status = 'correction_requested' AND r_x < 0.5 THEN least(sub_ord + 1, ${T})
      WHEN status IN ('inspection', 'under_review', 'suspended', 'concluded', 'delivered') THEN sub_ord + 1
    END AS acc_ord
  FROM submitted s
), steps AS (
  SELECT a.*,
    CASE
      WHEN status = 'correction_requested' AND acc_ord IS NOT NULL THEN least(${T}, acc_ord + floor(r_y * (${T} - acc_ord + 1))::int)
      WHEN status = 'suspended' THEN least(${T}, acc_ord + 1 + floor(r_y * limit_days)::int)
    END AS paused_ord,
    CASE
      WHEN status = 'concluded' THEN least(${T}, acc_ord + floor(r_x * (limit_days + 1))::int)
      WHEN status = 'delivered' THEN least(${T}, acc_ord + floor(r_x * limit_days * 1.15)::int)
      WHEN status = 'refused' THEN least(${T}, sub_ord + 1)
    END AS concl_ord
  FROM accepted a
), dated AS (
  SELECT s.*,
    w_sub.date AS sub_on, w_acc.date AS acc_on, w_pause.date AS paused_on, w_concl.date AS concl_on, w_draft.date AS draft_on,
    CASE WHEN s.acc_ord IS NOT NULL AND s.paused_ord IS NULL THEN w_warn.date END AS warn_on,
    CASE WHEN s.acc_ord IS NOT NULL AND s.paused_ord IS NULL THEN w_due.date END AS due_on,
    w_deliv.date AS deliv_on
  FROM steps s
  LEFT JOIN bench_wd w_sub ON w_sub.ord = s.sub_ord
  LEFT JOIN bench_wd w_acc ON w_acc.ord = s.acc_ord
  LEFT JOIN bench_wd w_pause ON w_pause.ord = s.paused_ord
  LEFT JOIN bench_wd w_concl ON w_concl.ord = s.concl_ord
  LEFT JOIN bench_wd w_draft ON w_draft.ord = s.draft_ord
  LEFT JOIN bench_wd w_warn ON w_warn.ord = s.acc_ord + s.warn_days
  LEFT JOIN bench_wd w_due ON w_due.ord = s.acc_ord + s.limit_days
  LEFT JOIN bench_wd w_deliv ON w_deliv.ord = CASE WHEN s.status = 'delivered' THEN least(${T}, s.concl_ord + floor(s.r_y * 3)::int) END
), timed AS (
  SELECT d.*,
    ${officeTime('coalesce(sub_on, draft_on)', '01:00', 'r_y')} AS sub_at,
    ${officeTime('acc_on', '01:30', 'r_x')} AS acc_at,
    ${officeTime('concl_on', '02:00', 'r_x')} AS concl_at,
    ${officeTime('deliv_on', '02:30', 'r_y')} AS deliv_at,
    ${officeTime('paused_on', '03:00', 'r_y')} AS paused_at,
    extract(year FROM sub_on)::int AS year
  FROM dated d
), numbered AS (
  SELECT t.*,
    CASE WHEN t.sub_on IS NOT NULL THEN
      t.prefix || '-' || t.year || '-' || lpad((coalesce(c.last_number, 0) + row_number() OVER (PARTITION BY t.zone_no, t.sub_on IS NULL, t.year ORDER BY t.sub_at, t.g))::text, 6, '0')
    END AS number
  FROM timed t
  LEFT JOIN case_counters c ON c.zone_id = t.zone_id AND c.year = t.year
), inserted AS (
  INSERT INTO cases (zone_id, number, service_item_id, department_id, applicant_id, enterprise_id, status, form_data, submitted_at, accepted_at, limit_days,
                     accepted_on, paused_since, paused_working_days, warn_on, due_on, concluded_at, concluded_on, decision, decision_reason,
                     delivery_method, delivery_tracking_number, delivered_at, version, created_at, updated_at)
  SELECT zone_id, number, item_id, department_id, applicant_id, enterprise_id, status,
    jsonb_build_object('enterprise_name', enterprise_name, 'credit_code', credit_code, 'contact_name', split_part(display_name, '（', 1), 'contact_phone', phone,
                       'project_name', enterprise_name || '第' || (g % 9 + 1) || '期项目', 'site', '园区' || (g % 40 + 1) || '号地块'),
    CASE WHEN status = 'draft' THEN NULL ELSE sub_at END,
    acc_at, limit_days, acc_on,
    paused_on, 0,
    warn_on, due_on,
    CASE WHEN status IN ('concluded', 'delivered', 'refused') THEN concl_at END,
    CASE WHEN status IN ('concluded', 'delivered', 'refused') THEN concl_on END,
    CASE WHEN status IN ('concluded', 'delivered') THEN CASE WHEN r_x < 0.92 THEN 'approved' ELSE 'denied' END END,
    CASE WHEN status IN ('concluded', 'delivered') THEN '经审查，申请材料齐全、符合法定形式。' END,
    CASE WHEN status = 'delivered' THEN (ARRAY['pickup', 'post', 'electronic'])[1 + floor(r_y * 3)::int] END,
    CASE WHEN status = 'delivered' AND r_y >= 1.0 / 3 AND r_y < 2.0 / 3 THEN 'SF' || lpad(g::text, 12, '0') END,
    CASE WHEN status = 'delivered' THEN deliv_at END,
    CASE status WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'withdrawn' THEN 2 WHEN 'refused' THEN 2 WHEN 'delivered' THEN 4 ELSE 3 END,
    sub_at - interval '25 minutes' * (1 + r_x),
    greatest(sub_at, acc_at, paused_at, concl_at, deliv_at)
  FROM numbered
  RETURNING id, zone_id, service_item_id, applicant_id, status, number, created_at, submitted_at, updated_at
), materials AS (
  INSERT INTO case_materials (case_id, material_key, file_id, attached_at)
  SELECT c.id, m.material_key, m.file_id, c.created_at
  FROM inserted c
  JOIN bench_zone z ON z.zone_id = c.zone_id
  JOIN bench_items i ON i.id = c.service_item_id
  CROSS JOIN LATERAL (VALUES (i.material1, z.file1), (i.material2, z.file2)) m(material_key, file_id)
  WHERE c.status <> 'draft'
  RETURNING case_id
), events AS (
  INSERT INTO case_events (case_id, at, actor_id, actor_name, action, from_status, to_status, reason, details)
  SELECT c.id, e.at, e.actor_id, e.actor_name, e.action, e.from_status, e.to_status, NULL, e.details
  FROM inserted c
  JOIN bench_applicants a ON a.user_id = c.applicant_id
  CROSS JOIN LATERAL (VALUES
    (c.created_at, c.applicant_id, a.display_name, 'draft_created', NULL, 'draft', '{}'::jsonb),
    (c.submitted_at, c.applicant_id, a.display_name, 'submitted', 'draft', 'submitted', jsonb_build_object('number', c.number)),
    (CASE WHEN c.status NOT IN ('draft', 'submitted') THEN c.updated_at END, NULL::uuid, '窗口工作人员',
     CASE c.status WHEN 'inspection' THEN 'accepted' WHEN 'under_review' THEN 'accepted' WHEN 'concluded' THEN 'concluded' ELSE c.status END,
     'submitted', c.status, '{}'::jsonb)
  ) e(at, actor_id, actor_name, action, from_status, to_status, details)
  WHERE e.at IS NOT NULL
  RETURNING case_id
)
INSERT INTO case_counters (zone_id, year, last_number)
SELECT zone_id, split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int)
FROM inserted WHERE number IS NOT NULL
GROUP BY 1, 2
ON CONFLICT (zone_id, year) DO UPDATE SET last_number = greatest(case_counters.last_number, excluded.last_number)
RETURNING (SELECT count(*) FROM materials) AS materials, (SELECT count(*) FROM events) AS events`;
}

/**
 * Loads `cases` cases in batches of `batchSize`. `query(sql, params)` runs one statement on one
 * session (temporary tables live in it) and resolves to its rows.
 * @returns {Promise<{ cases: number, events: number, materials: number, loadMs: number, analyzeMs: number, byStatus: Record<string, number> }>}
 */
export async function bulkLoadCases(
  query,
  { cases, batchSize = 50_000, openShare = 0.05, zoneShare = 0.7, enterprises = 2000, today, log = () => {} },
) {
  const startedAt = performance.now();
  await query(`SET session_replication_role = replica`);
  await query(`SET work_mem = '64MB'`);
  await query(`SET maintenance_work_mem = '256MB'`);
  const { todayOrd } = await prepare(query, { today, enterprises, zoneShare });
  const statement = batchStatement({ openShare, zoneShare, todayOrd });
  let events = 0;
  let materials = 0;
  for (let from = 1; from <= cases; from += batchSize) {
    const to = Math.min(cases, from + batchSize - 1);
    const rows = await query(statement, [from, to]);
    events += Number(rows[0]?.events ?? 0);
    materials += Number(rows[0]?.materials ?? 0);
    log(
      `  loaded ${to.toLocaleString('en')} / ${cases.toLocaleString('en')} cases (${Math.round((performance.now() - startedAt) / 1000)} s)`,
    );
  }
  await query(`SET session_replication_role = DEFAULT`);
  const loadMs = performance.now() - startedAt;
  const analyzeStartedAt = performance.now();
  for (const table of [
    'cases',
    'case_events',
    'case_materials',
    'case_counters',
    'users',
    'enterprises',
    'user_roles',
    'service_items',
    'departments',
    'files',
  ]) {
    await query(`VACUUM ANALYZE ${table}`);
  }
  const analyzeMs = performance.now() - analyzeStartedAt;
  const byStatus = Object.fromEntries(
    (await query(`SELECT status, count(*)::int AS n FROM cases GROUP BY status ORDER BY n DESC`)).map((row) => [row.status, row.n]),
  );
  return { cases, events, materials, loadMs, analyzeMs, byStatus };
}
