-- Issue #8 item 1: a risk answer always reaches a person. Earlier versions never proposed a level
-- for a sheet marked invalid, even with PHQ-9 item 9 above 0 or an ASQ yes, and rejected the same
-- answer throughout (all 3s) as 规律作答 while accepting all 0s. Sheets already in the database
-- get what a new import would give them now.

-- 1. A risk answer on any sheet, valid or not, without a proposal: red for PHQ-9 item 9 ≥ 2 or
--    ASQ question 5 yes, otherwise orange — the counselor decides.
INSERT INTO warning_proposals (student_id, result_id, proposed_level, reason, created_at)
SELECT r.student_id, r.id,
       CASE WHEN (b.instrument = 'PHQ-9' AND json_extract(r.answers, '$[8]') >= 2)
              OR (b.instrument = 'ASQ' AND json_extract(r.answers, '$[4]') IN (1, 9)) THEN 'red'
            ELSE 'orange' END,
       b.instrument || ' 风险题有作答'
           || CASE WHEN r.invalid_reason <> '' THEN '（问卷曾被判为无效：' || r.invalid_reason || '）' ELSE '' END
           || '，程序升级后补建。请面谈核实，由心理教师确认。',
       strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')
FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id
WHERE r.risk_item_flag = 1 AND NOT EXISTS (SELECT 1 FROM warning_proposals p WHERE p.result_id = r.id);

-- 2. A positive sheet rejected only for the same answer throughout is read again: it proposes as
--    any positive does (orange for PHQ-9 ≥ 20, else yellow), with the note to check the sheet.
INSERT INTO warning_proposals (student_id, result_id, proposed_level, reason, created_at)
SELECT r.student_id, r.id,
       CASE WHEN b.instrument = 'PHQ-9' AND r.total_score >= 20 THEN 'orange' ELSE 'yellow' END,
       b.instrument || ' 总分 ' || printf('%g', r.total_score) || '，筛查阳性；' || r.invalid_reason
           || '，请核实是否认真作答。程序升级后补建。建议关注，由心理教师确认。',
       strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')
FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id
WHERE r.positive = 1 AND r.invalid_reason GLOB '全部 * 题都选择了同一答案（规律作答）'
  AND NOT EXISTS (SELECT 1 FROM warning_proposals p WHERE p.result_id = r.id);

-- 3. The same answer throughout no longer makes a sheet invalid (it is a note for review).
UPDATE screening_results SET invalid_reason = ''
WHERE invalid_reason GLOB '全部 * 题都选择了同一答案（规律作答）';
UPDATE screening_results
SET invalid_reason = replace(replace(invalid_reason, '；全部 9 题都选择了同一答案（规律作答）', ''),
                             '；全部 7 题都选择了同一答案（规律作答）', '')
WHERE invalid_reason LIKE '%；全部 % 题都选择了同一答案（规律作答）%';
UPDATE screening_results
SET invalid_reason = replace(replace(invalid_reason, '全部 9 题都选择了同一答案（规律作答）；', ''),
                             '全部 7 题都选择了同一答案（规律作答）；', '')
WHERE invalid_reason LIKE '全部 % 题都选择了同一答案（规律作答）；%';
