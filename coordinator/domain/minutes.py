"""The minutes (会议纪要) of a joint-approval meeting, generated from its record: the official number and the
text, in Chinese as issued to the units. Pure: a plain record dict in, text out."""
from __future__ import annotations

STANCES = {"agree": "同意", "disagree": "不同意", "conditional": "同意附条件"}
ATTENDANCE = {"present": "出席", "delegated": "委托出席", "excused": "请假", "absent": "缺席（视为同意）", None: "未登记"}
RESOLUTIONS = {"conditions": "附条件通过", "override": "不予采纳异议", "extend": "准予延期",
               "supplement": "退回补正", "task": "交办任务"}
CHINESE_NUMERALS = "一二三四五六七八九十"


def number_label(year: int, number: int) -> str:
    """The minutes' number, e.g. 联审纪要〔2026〕3号."""
    return f"联审纪要〔{year}〕{number}号"


def ordinal(n: int) -> str:
    """一、二、… for the sections (plain digits past ten)."""
    return CHINESE_NUMERALS[n - 1] if 1 <= n <= 10 else str(n)


def resolution_line(resolution: dict) -> str:
    """One resolution as a sentence of the minutes."""
    kind, text = resolution["kind"], resolution.get("text", "")
    label = RESOLUTIONS[kind]
    if kind == "override":
        return f"{label}（{resolution.get('dept') or ''}）：{text}；依据：{resolution.get('basis', '')}"
    if kind == "extend":
        return f"{label}{resolution['days']}个工作日：{text}"
    if kind == "task":
        return f"{label}：由{resolution.get('dept_name') or resolution.get('dept')}于{resolution.get('due')}前{text}"
    return f"{label}：{text}"


def attendance_lines(invites: list[dict]) -> list[str]:
    """Who attended, one line per invited department (absent without reason = 缺席默认)."""
    out = []
    for invite in invites:
        line = f"{invite['name']}：{ATTENDANCE.get(invite.get('attendance'), '未登记')}"
        if invite.get("attendee"):
            line += f"（{invite['attendee']}）"
        if invite.get("absence_reason"):
            line += f"，事由：{invite['absence_reason']}"
        out.append(line)
    return out


def item_lines(number: int, item: dict) -> list[str]:
    """One agenda item: its title, each department's position, each resolution."""
    lines = [f"{ordinal(number)}、{item['title']}"]
    for position in item.get("positions", []):
        text = f"：{position['text']}" if position.get("text") else ""
        lines.append(f"    {position['name']}：{STANCES[position['stance']]}{text}")
    resolutions = item.get("resolutions", [])
    for n, resolution in enumerate(resolutions, start=1):
        lines.append(f"    决定{n}：{resolution_line(resolution)}")
    if not resolutions:
        lines.append("    会议未作决定。")
    return lines


def minutes_text(record: dict) -> str:
    """The whole minutes: heading, meeting facts, attendance, discussion, items and resolutions, signature."""
    lines = [number_label(record["year"], record["number"]), record["title"], "",
             f"时间：{record['day']} {record.get('start', '')}".rstrip(), f"地点：{record['place']}",
             f"主持：{record['chair']}", "", "参会单位："]
    lines += [f"    {line}" for line in attendance_lines(record.get("invites", []))]
    if record.get("discussion"):
        lines += ["", "会议讨论：", record["discussion"]]
    lines += ["", "会议议定事项："]
    for n, item in enumerate(record.get("items", []), start=1):
        lines += item_lines(n, item)
    lines += ["", "本纪要经主持人签发后生效，各单位按纪要在规定期限内办理。"]
    if record.get("signed_on"):
        lines.append(f"签发：{record['chair']}　{record['signed_on']}")
    return "\n".join(lines)
