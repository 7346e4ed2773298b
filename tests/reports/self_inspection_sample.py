"""A 学期自查报告 built by hand the way the service fills one (services/reports/self_inspection.py):
five areas with 4–8 check items each, tables with "<5" and "*" cells, charts of every kind, a dozen
gaps and the principal's notes. `report(classes=105, ...)` grows it to the 5,000-student demo's size
for the benchmark. No student is named anywhere: staff names only, as the real report has."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from counselroom.reports.self_inspection_data import (
    AREAS,
    AreaReport,
    ChartKind,
    ChartSeries,
    ChartSpec,
    CheckItem,
    ReportTable,
    SelfInspection,
    Verdict,
)

MET, NOT_MET, NOT_JUDGED = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_JUDGED
SMALL_NOTE = "“<5”表示 1–4 人，为保护学生隐私不显示具体数字；“*”为防止由合计反推而一并隐藏。"
HIDDEN_NOTE = "人数少于 5 的格按 0 画出。"
GRADES = ("初一", "初二", "初三", "高一", "高二", "高三")
MONTHS = ("9月", "10月", "11月", "12月", "1月")
LESSON_QUOTE = "各中小学校要开设心理健康课程，每班每两周至少 1 个课时，形式应以活动为主。"
VISIT_QUOTE = "确保每学期对每个家庭至少家访 1 次，每学期至少开展 1 次面向家长的家庭教育讲座或活动。"
NOTES = (
    "1. 初二、高一部分班级心理健康活动课在期中考试前后被占用，下学期起由教务处排入课表并每两周检查一次。\n"
    "2. 兼职心理教师培训学时不足，寒假安排参加市级心理健康教育骨干教师培训（24 学时）。\n"
    "\n"
    "3. 家访覆盖率偏低的班级，由年级组长督促班主任在下学期第 4 周前补齐，德育处汇总。"
)


def check(item: str, requirement: str, source: str, ours: str, verdict: Verdict, quote: str = "") -> CheckItem:
    return CheckItem(item, requirement, source, quote, ours, verdict)


def _room() -> AreaReport:
    return AreaReport(
        AREAS[0],
        "辅导室设 5 个功能区，共 96 平方米；9 项制度中 8 项在用、7 项上墙；本学期辅导室使用率 38%。",
        (
            check("心理辅导室功能区", "—", "S003", "5 个功能区，共 96 平方米", NOT_JUDGED),
            check(
                "规章制度（在用、上墙）",
                "制度齐全并上墙",
                "S003",
                "9 项制度中 8 项在用、7 项上墙（未齐：危机干预制度）",
                NOT_MET,
            ),
            check("联系方式公示", "公布值班电话和心理信箱", "S001", "值班电话、心理信箱均已公示", MET),
            check(
                "开放、值班与使用",
                "—",
                "学校自定",
                "开放 78 天，312 小时（辅导室 2 间），辅导已到 406 人次，使用率 38%",
                NOT_JUDGED,
            ),
            check("经费保障", "生均不少于 10 元", "S001", "2025-2026 学年 52000 元", MET),
        ),
        (
            ReportTable(
                "心理辅导室功能区",
                ("功能区", "面积（平方米）", "对应辅导室", "备注"),
                (
                    ("个体辅导区", "18", "辅导室一", "—"),
                    ("团体活动区", "40", "团辅室", "可容纳 20 人"),
                    ("放松区", "12", "—", "音乐放松椅 2 台"),
                    ("沙盘区", "14", "辅导室二", "—"),
                    ("接待等候区", "12", "—", "—"),
                ),
            ),
            ReportTable(
                "规章制度",
                ("制度", "在用", "上墙", "制定日期"),
                (
                    ("心理辅导室工作制度", "是", "是", "2023-09-01"),
                    ("危机干预制度", "否", "否", "—"),
                    ("保密制度", "是", "是", "2023-09-01"),
                    ("值班制度", "是", "否", "2024-02-20"),
                ),
            ),
        ),
    )


def _staff() -> AreaReport:
    return AreaReport(
        AREAS[1],
        "专职心理教师 2 名、兼职心理教师 6 名，在校学生 4987 人，专兼职心理教师与学生之比 1:623。",
        (
            check(
                "专职心理教师", "每校至少 1 名", "S001", "2 名", MET, "每所中小学校至少配备 1 名专职心理健康教育教师。"
            ),
            check("师生比", "不低于 1:1000", "S001", "1:623", MET),
            check("心理教师资质", "—", "S003", "专兼职心理教师 8 名，其中 7 名有资质记录", NOT_JUDGED),
            check("王老师（专职心理教师）培训", "每学年不少于 40 学时", "S001", "本学年 44 学时", MET),
            check("刘老师（兼职心理教师）培训", "每学年不少于 20 学时", "S001", "本学年 12 学时", NOT_MET),
            check("班主任培训", "每学年不少于 6 学时", "S004", "98 人中 91 人达到", NOT_MET),
            check("心理教师例会", "每月 1 次", "学校自定", "本学期 4 次", MET),
        ),
        (
            ReportTable(
                "教职工",
                ("岗位", "人数"),
                (("专职心理教师", "2"), ("兼职心理教师", "6"), ("班主任", "98"), ("其他教师", "214")),
            ),
            ReportTable(
                "专兼职心理教师",
                ("姓名", "岗位", "资质"),
                (
                    ("王老师", "专职心理教师", "心理健康教育 C 证"),
                    ("赵老师", "专职心理教师", "国家二级心理咨询师"),
                    ("刘老师", "兼职心理教师", "—"),
                    ("陈老师", "兼职心理教师", "心理健康教育 B 证"),
                ),
            ),
            ReportTable(
                "教师培训（本学年）",
                ("对象", "要求", "本学年", "结论"),
                (
                    ("王老师（专职心理教师）", "40 学时", "44 学时", "达标"),
                    ("刘老师（兼职心理教师）", "20 学时", "12 学时", "未达标"),
                    ("班主任（98 人）", "6 学时", "91 人达到", "未达标"),
                ),
            ),
        ),
        (
            ChartSpec(
                ChartKind.BAR,
                "教师培训学时（本学年）",
                ("王老师", "赵老师", "刘老师", "陈老师"),
                (ChartSeries("要求", (40, 40, 20, 20)), ChartSeries("已完成", (44, 41, 12, 22))),
                "学时",
            ),
        ),
    )


def _lesson_rows(classes: int) -> tuple[tuple[str, ...], ...]:
    per_grade = [classes // len(GRADES) + (1 if g < classes % len(GRADES) else 0) for g in range(len(GRADES))]
    return tuple(
        (grade, str(n), str(n - (g % 3)), str(n * 9 - g % 3 * 2))
        for g, (grade, n) in enumerate(zip(GRADES, per_grade, strict=True))
    )


def _lessons(classes: int) -> AreaReport:
    rows = _lesson_rows(classes)
    met = sum(int(r[2]) for r in rows)
    return AreaReport(
        AREAS[2],
        f"本学期共开设心理健康活动课 {sum(int(r[3]) for r in rows)} 课时；主题班团队会 {classes} 次，专题活动 9 次。",
        (
            check(
                "心理健康活动课",
                "每班每两周至少 1 课时",
                "S004",
                f"{classes} 个班中 {met} 个班每两周都有心理课",
                NOT_MET,
                LESSON_QUOTE,
            ),
            check("初一心理健康活动课", "每两周 1 课时", "S001", f"{rows[0][1]} 个班全部达到", MET, LESSON_QUOTE),
            check("主题班团队会", "每学期每年级至少 1 次", "S001", "6 个年级均已开展", MET),
            check("专题活动", "每学期每年级至少 1 次", "S001", "6 个年级中 5 个已开展（高三未开展）", NOT_MET),
        ),
        (ReportTable("心理健康活动课（按年级）", ("年级", "适用班级", "每两周都有课的班级", "课时"), rows),),
        (
            ChartSpec(
                ChartKind.BAR,
                "心理健康活动课课时（按年级）",
                GRADES,
                (ChartSeries("课时", tuple(float(r[3]) for r in rows)),),
                "课时",
            ),
            ChartSpec(
                ChartKind.BAR,
                "每两周都有心理课的班级（按年级）",
                GRADES,
                (
                    ChartSeries("适用班级", tuple(float(r[1]) for r in rows)),
                    ChartSeries("达到", tuple(float(r[2]) for r in rows)),
                ),
                "班级数",
            ),
        ),
    )


def _counseling() -> AreaReport:
    return AreaReport(
        AREAS[3],
        "本学期各类辅导与咨询已到 406 人次；心理普查覆盖 4912/4987 名学生；预警名单当前在册 63 人；建议转介 9 人次；危机事件 3 起。",
        (
            check(
                "个别辅导",
                "—",
                "S003",
                "个别辅导已到 318 人次；各类辅导与咨询共已到 406 人次（其中来访 57 人次），未到 21 人次",
                NOT_JUDGED,
            ),
            check("团体辅导", "—", "S003", "团体辅导活动 6 次、132 人次；辅导室团体辅导已到 14 次", NOT_JUDGED),
            check("心理普查", "每学期普遍开展", "S001", "覆盖 4912/4987 名学生（98.5%）", MET),
            check(
                "预警名单（三级预警）",
                "—",
                "S001",
                "当前在册 63 人（红色预警 <5、橙色预警 21、黄色预警 *）",
                NOT_JUDGED,
            ),
            check(
                "转介与跟踪反馈",
                "同意后 14 天内完成转介",
                "S003",
                "建议转介 9 人次，完成转介 6（14 天内 5）；随访 11 次（按期 8）",
                NOT_MET,
            ),
            check(
                "危机事件处置",
                "—",
                "S003",
                "本学期登记 3 起，尚未结案 1 起；从登记到通知分管校领导中位 0.5 小时",
                NOT_JUDGED,
            ),
            check(
                "家访",
                "每学期每个家庭至少 1 次",
                "S004",
                "4987 名学生中 4310 名的家庭已家访（86%）",
                NOT_MET,
                VISIT_QUOTE,
            ),
            check("家长学校", "每学期至少 1 次", "S001", "2 次，家长 1830 人次", MET, VISIT_QUOTE),
        ),
        (
            ReportTable(
                "预警名单当前在册人数（按年级和等级）",
                ("年级", "红色预警", "橙色预警", "黄色预警", "合计"),
                (
                    ("初一", "0", "<5", "*", "9"),
                    ("初二", "<5", "6", "*", "13"),
                    ("初三", "0", "5", "7", "12"),
                    ("高一", "<5", "<5", "6", "*"),
                    ("高二", "0", "<5", "*", "8"),
                    ("高三", "<5", "*", "9", "*"),
                    ("合计", "<5", "21", "39", "63"),
                ),
                SMALL_NOTE,
            ),
            ReportTable(
                "本学期个案（按问题类型）",
                ("问题类型", "个案"),
                (
                    ("学业压力", "18"),
                    ("人际关系", "11"),
                    ("情绪困扰", "14"),
                    ("家庭关系", "<5"),
                    ("其他", "*"),
                    ("合计（人次）", "52"),
                ),
                SMALL_NOTE + "一个个案可涉及多个问题类型，合计为人次。",
            ),
            ReportTable(
                "转介与跟踪反馈（本学期）",
                ("环节", "人次"),
                (("建议转介", "9"), ("家长知情同意", "7"), ("家长拒绝", "<5"), ("完成转介", "6"), ("收到反馈", "5")),
                "“<5”表示 1–4 人，为保护学生隐私不显示具体数字。",
            ),
            ReportTable(
                "谈心谈话（六谈）",
                ("类别", "谈话次数", "谈心学生数量", "参与人数"),
                (
                    ("班主任谈心", "612", "540", "98"),
                    ("科任教师谈心", "233", "201", "77"),
                    ("心理教师谈心", "140", "118", "8"),
                    ("同伴谈心", "85", "80", "63"),
                    ("学生家长倾心谈", "190", "176", "185"),
                    ("校领导谈心", "24", "22", "6"),
                ),
            ),
        ),
        (
            ChartSpec(
                ChartKind.STACKED,
                "预警名单当前在册人数（按年级和等级）",
                GRADES,
                (
                    ChartSeries("红色预警", (0, 0, 0, 0, 0, 0)),
                    ChartSeries("橙色预警", (0, 6, 5, 0, 0, 0)),
                    ChartSeries("黄色预警", (0, 0, 7, 6, 0, 9)),
                ),
                "人数",
                HIDDEN_NOTE,
            ),
            ChartSpec(
                ChartKind.LINE, "辅导与咨询已到人次（按月）", MONTHS, (ChartSeries("已到", (52, 96, 110, 101, 47)),)
            ),
            ChartSpec(
                ChartKind.BAR,
                "本学期个案（按问题类型）",
                ("学业压力", "人际关系", "情绪困扰", "家庭关系", "其他"),
                (ChartSeries("个案", (18, 11, 14, 0, 0)),),
                note=HIDDEN_NOTE,
            ),
        ),
    )


def _publicity() -> AreaReport:
    return AreaReport(
        AREAS[4],
        "本学期开展宣传活动 7 次，心理委员培训指导 3 次；105 个班中 97 个班心理委员齐全。",
        (
            check(
                "心理健康宣传活动",
                "—",
                "S004",
                "7 次：5·25 心理健康日 2 次、世界精神卫生日 3 次、开学季 2 次",
                NOT_JUDGED,
            ),
            check("心理委员", "每班男、女委员各 1 名", "S001", "105 个班中 97 个班心理委员齐全", NOT_MET),
            check("心理委员培训指导", "—", "S001", "3 次，204 人次", NOT_JUDGED),
            check("学期自查", "每学期至少一次全面自查", "S004", "本次自查，问题与改进措施已填写", MET),
        ),
        (
            ReportTable(
                "宣传活动（按主题）",
                ("主题", "次数"),
                (("5·25 心理健康日", "2"), ("世界精神卫生日", "3"), ("开学季", "2")),
            ),
        ),
        (
            ChartSpec(
                ChartKind.BAR,
                "宣传活动（按主题）",
                ("5·25 心理健康日", "世界精神卫生日", "开学季"),
                (ChartSeries("次数", (2, 3, 2)),),
                "次数",
            ),
        ),
    )


GAPS = (
    "危机干预制度尚未制定、上墙",
    "值班制度尚未上墙",
    "刘老师（兼职心理教师）本学年培训 12 学时，少于 20 学时",
    "班主任 98 人中 7 人培训不足 6 学时",
    "初二(3)班 第 5–6 周没有心理课",
    "初二(7)班 第 9–10 周没有心理课",
    "高一(2)班 第 9–10 周没有心理课",
    "高三 本学期尚未开展心理健康专题活动",
    "转介：家长同意后超过 14 天才完成转介 1 人次",
    "随访：3 次未按计划日期完成",
    "家访：13.6% 的学生家庭本学期尚未家访",
    "初三(4)班、高二(6)班等 8 个班心理委员不齐",
)


def report(
    *,
    notes: str = NOTES,
    as_of: date = date(2026, 1, 20),
    classes: int = 105,
    extra_gaps: int = 0,
) -> SelfInspection:
    """as_of on or after 2026-01-20 is a finished term; extra_gaps lengthens the checklist like a big
    school's (one line per class without its lessons)."""
    more = tuple(
        f"初{'一二三'[n % 3]}({n % 17 + 1})班 第 {n % 9 * 2 + 1}–{n % 9 * 2 + 2} 周没有心理课"
        for n in range(extra_gaps)
    )
    return SelfInspection(
        school="赣江市第一中学",
        term="2025-2026学年第一学期",
        term_start=date(2025, 9, 1),
        term_end=date(2026, 1, 20),
        as_of=as_of,
        profile="南昌市（S001）",
        students=4987,
        classes=classes,
        areas=(_room(), _staff(), _lessons(classes), _counseling(), _publicity()),
        gaps=GAPS + more,
        notes=notes,
        prepared_by="张校长",
    )


def without_gaps(base: SelfInspection) -> SelfInspection:
    """Every check met and nothing in the checklist (a quiet term)."""
    areas = tuple(
        replace(a, checks=tuple(replace(c, verdict=MET) if c.verdict is NOT_MET else c for c in a.checks))
        for a in base.areas
    )
    return replace(base, areas=areas, gaps=())
