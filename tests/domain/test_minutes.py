"""The minutes' number and text, generated from the meeting record."""
from coordinator.domain import minutes

RECORD = {"year": 2026, "number": 3, "title": "重大项目联审会", "day": "2026-06-05", "start": "09:30", "place": "三楼",
          "chair": "王副市长", "discussion": "各部门发表意见。", "signed_on": "2026-06-05",
          "invites": [{"name": "消防救援大队", "attendance": "present", "attendee": "李科长"},
                      {"name": "气象局", "attendance": "absent"},
                      {"name": "交通运输局", "attendance": "excused", "absence_reason": "省厅会议"}],
          "items": [{"title": "实验学校 规划许可（消防救援大队）",
                     "positions": [{"name": "消防救援大队", "stance": "disagree", "text": "通道不足"}],
                     "resolutions": [{"kind": "override", "text": "方案已调整", "basis": "《消防法》", "dept": "消防救援大队"},
                                     {"kind": "extend", "text": "补充论证", "days": 3},
                                     {"kind": "task", "text": "复核总平面图", "dept_name": "消防救援大队",
                                      "due": "2026-06-10"}]},
                    {"title": "物流园", "positions": [], "resolutions": []}]}


def test_the_number_is_the_official_form():
    assert minutes.number_label(2026, 3) == "联审纪要〔2026〕3号"


def test_the_text_carries_attendance_positions_and_every_resolution():
    text = minutes.minutes_text(RECORD)
    lines = text.split("\n")
    assert lines[0] == "联审纪要〔2026〕3号" and "主持：王副市长" in lines
    assert "    消防救援大队：出席（李科长）" in lines and "    气象局：缺席（视为同意）" in lines
    assert "    交通运输局：请假，事由：省厅会议" in lines
    assert "一、实验学校 规划许可（消防救援大队）" in lines and "    消防救援大队：不同意：通道不足" in lines
    assert "    决定1：不予采纳异议（消防救援大队）：方案已调整；依据：《消防法》" in lines
    assert "    决定2：准予延期3个工作日：补充论证" in lines
    assert "    决定3：交办任务：由消防救援大队于2026-06-10前复核总平面图" in lines
    assert "二、物流园" in lines and "    会议未作决定。" in lines
    assert lines[-1] == "签发：王副市长　2026-06-05"


def test_a_draft_has_no_signature():
    assert "签发：" not in minutes.minutes_text({**RECORD, "signed_on": None})
