"""Resolutions in minutes and decision notices: what a committee resolved, agreed or approved.

Read after "RESOLVED that ...", "It was RESOLVED:", "Committee resolved to ...", "It was
agreed that ...", "It was APPROVED:", "Officers agreed to ..." or a decision notice's
"Decision taken": either the rest of that line, or the numbered or lettered list that follows
("1)", "(2)", "a.", "ii)"), one record per clause. Routine business (noting a report,
approving minutes, electing a chair, excluding the public) is not a commitment and is left out.
"""

from __future__ import annotations

import re

from ingest.action_text import MONTH, WHEN, Found, PartView, squash, strip_span

KEYWORD = re.compile(r"\b(RESOLVED|Resolved|resolved|AGREED|APPROVED|agreed|Decision taken)\b")
BODY_OPENER = re.compile(
    r"[ \t]*(?::-?|-|–|—)?[ \t]*(?:(?:that|to)\b:?[ \t]*|:?[ \t]*$|(?=\())", re.M
)
# Who may resolve, just before a lower-case "resolved"/"agreed": "It was", "Committee" ...
SUBJECT = re.compile(
    r"(?:^|\b(?i:it) was(?: unanimously)?|\b(?:Committee|Board|Cabinet|Council|Panel|Group|Members"
    r"|Officers))[ \t]*$"
)
LINE_PREFIX = re.compile(r"^[ \t]*(?:[-•][ \t]*)?(?:\(?(?:\d{1,2}|[a-z])[.)][ \t]*)?$")
MARKER = re.compile(  # "1)", "(2)", "a.", "ii)", "2b."
    r"^[ \t]*(?:[-•][ \t]*)?(\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)"
    r"|(?:\d{1,2}[a-z]?|[a-z]|[ivx]{1,5})[.)])[ \t]+(?=\S)"
)
INLINE_MARKER = re.compile(r";\s*(?:and\s+)?(?=\(\d{1,2}\)\s)")
BULLET = re.compile(r"^[ \t]*[·•\-*][ \t]")
PARAGRAPH = re.compile(r"^[ \t]*(?:[-•][ \t]*)?(\d{1,2})[.)]", re.M)
# Never a commitment: approving minutes, excluding the public, elections, apologies.
FORMALITY = re.compile(
    r"\bminutes?\b[^.]{0,120}\b(?:agreed|approved|signed|confirmed|correct(?:ly)?\s+record)"
    r"|\bpress and public\b|\bbe (?:elected|appointed)\b|\bapologies\b|\bbe recorded\b",
    re.I,
)
# Noting is not a commitment either, unless it comes with one: "notes ... and approves ...".
NOTING = re.compile(
    r"\bbe noted\b|^(?:to\s+)?(?:receive\s+and\s+)?not(?:e|es|ed)\b|\bnot(?:e|es|ed)\s+the\b", re.I
)
ACTION_VERB = (
    r"(?:report(?:ed)?\s+(?:back|to)|approv|agree|implement|defer|refer|delegat|authori[sz]"
    r"|initiat|establish|develop|invit|request|ask|bring|provid|undertak|review|prepar|present"
    r"|fund|adopt|support|consider|commission|investigat|explore|publish|arrange|writ|respond"
    r"|monitor|seek)"
)
AND_ACTION = re.compile(rf"\band\s+(?:to\s+)?{ACTION_VERB}", re.I)
ROLE = r"[A-Z][\w&'’-]*(?:,?[ \t]+(?:[A-Z][\w&'’-]*|of|and|for|the|&)){0,8}"
OWNER = [
    re.compile(rf"\b(?i:authori[sz]e[sd]?|ask(?:s|ed)?|request(?:s|ed)?|instruct(?:s|ed)?)"
               rf"\s+the\s+({ROLE})(?:,[^,]{{0,80}},)?\s+to\b"),
    re.compile(rf"\b(?i:delegat\w*\s+(?:authority\s+)?to)\s+(?:the\s+)?({ROLE})\s+(?:to|in)\b"),
    re.compile(rf"(?:^|\bthat\s+)the\s+({ROLE})\s+(?:report|provide|bring|present|prepare"
               rf"|review|write|arrange|meet)\b"),
    re.compile(rf"\bthe\s+({ROLE})\s+(?:would|will|should|to)\s+(?:be\s+(?:invited|asked)\s+to\s+)?"
               rf"(?:report|provide|bring|present|prepare|review|write|arrange|meet)\b"),
    re.compile(r"\b(?:chaired|led)\s+by\s+((?:Cllr|Councillor)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"),
    re.compile(r"\bdelegated\s+to\s+(officers)\b", re.I),
    re.compile(r"(?:^|\bthat\s+)(officers)\s+(?:to\s+)?(?:report|provide|bring|present|prepare"
               r"|review|write|arrange|return|consult)\b", re.I),
]  # fmt: skip
DAY_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+\d{{4}})?"
DEADLINE = [
    re.compile(rf"\bby\s+(?:the\s+end\s+of\s+)?({WHEN}|{DAY_MONTH})", re.I),
    re.compile(rf"\b(?:to|at|for)\s+(?:the|its|their)\s+meeting\s+(?:on|in|of)\s+"
               rf"({DAY_MONTH}|{MONTH}\s+\d{{4}})", re.I),
    re.compile(rf"\bto\s+the\s+((?:{MONTH})\s+meeting)\b", re.I),
    re.compile(r"\b(?:in|during)\s+((?:19|20)\d{2}(?:/\d{2})?)\b"),
]  # fmt: skip
MIN_WORDS = 4
SUBJECT_LINE = re.compile(
    r"Subject:[ \t]*([^\n]+?)[ \t\n]*(?:\((?:agenda )?item (\d{1,3})\))?[ \t]*$", re.M | re.I
)
MAX_NUMBER_GAP = 3  # "6." may follow "4b." when recommendation 5 was not approved
# Minutes and decision notices make resolutions; a report quoting one is a later mention.
RESOLVING_DOC_TYPES = {"minutes", "decision"}


def find_resolutions(view: PartView) -> list[Found]:
    if view.part.doc_type not in RESOLVING_DOC_TYPES:
        return []
    text = view.text
    found: list[Found] = []
    consumed = view.start
    for keyword in KEYWORD.finditer(text, view.start, view.end):
        if keyword.start() < consumed:
            continue
        opener = _opener(text, keyword)
        if opener is None:
            continue
        line_start = text.rfind("\n", 0, keyword.start()) + 1
        clauses = _inline(text, opener) or _listed(text, opener, view.end)
        consumed = max([consumed, *(end for _, (_, end) in clauses)])
        item, title = _item(view, keyword.start())
        paragraph = PARAGRAPH.match(text, line_start)
        base = (
            f"{'Item' if view.part.doc_type == 'decision' else 'Minute'} {item}"
            if item
            else "Resolution"
        )
        owner = "Officers" if "Officers" in text[line_start : keyword.start()] else ""
        for sub, (start, end) in clauses:
            words = squash(text[start:end])
            if not _commitment(words):
                continue
            if sub:
                ref = f"{base} ({sub})"
            else:
                ref = f"{base}.{paragraph.group(1)}" if paragraph and item else base
            opened = start if sub else line_start  # a listed clause starts at its marker
            found.append(_resolution(ref, (item, title), opened, start, end, owner, text))
    return found


def _commitment(words: str) -> bool:
    if len(words.split()) < MIN_WORDS or FORMALITY.search(words):
        return False
    return not NOTING.search(words) or bool(AND_ACTION.search(words))


def _opener(text: str, keyword: re.Match[str]) -> re.Match[str] | None:
    """The words after the keyword when it opens a resolution, else None."""
    word = keyword.group(1)
    before = text[text.rfind("\n", 0, keyword.start()) + 1 : keyword.start()]
    if word == "Decision taken":
        return BODY_OPENER.match(text, keyword.end()) if LINE_PREFIX.match(before[-12:]) else None
    if word in {"resolved", "Resolved", "agreed"} and not (
        LINE_PREFIX.match(before) or SUBJECT.search(before)
    ):
        return None
    after = text[keyword.end() : keyword.end() + 30]
    if word == "agreed" and not re.match(r"\s+(?:unanimously\s+)?(?:that|to)\b", after):
        return None
    if word == "agreed":
        return re.compile(r"\s+(?:unanimously\s+)?(?:that|to)\b[ \t]*").match(text, keyword.end())
    return BODY_OPENER.match(text, keyword.end())


def _inline(text: str, opener: re.Match[str]) -> list[tuple[str, tuple[int, int]]]:
    """A resolution on the rest of its line, split at "; (2)" markers."""
    line_end = text.find("\n", opener.end())
    line_end = len(text) if line_end < 0 else line_end
    rest = text[opener.end() : line_end]
    if len(rest.split()) < MIN_WORDS or MARKER.match(rest) or rest.rstrip(" -–").endswith(":"):
        return []  # a lead-in to a list: "That the Committee for Transport and Connectivity: -"
    end = opener.end() + _first_sentence(rest)
    pieces = [opener.end(), *(m.end() for m in INLINE_MARKER.finditer(text, opener.end(), end))]
    if len(pieces) == 1:
        return [("", _clause(text, opener.end(), end))]
    return _split_marked(text, pieces, end)


def _listed(text: str, opener: re.Match[str], limit: int) -> list[tuple[str, tuple[int, int]]]:
    """The numbered or lettered clauses under an opener, with their sub-references."""
    clauses: list[list] = []  # [sub, start, end]
    blank = False
    number = ""
    position = text.find("\n", opener.end())
    for line in re.finditer(r"^.*$", text[position + 1 : limit] if position >= 0 else "", re.M):
        start, end = position + 1 + line.start(), position + 1 + line.end()
        value = line.group(0)
        if not value.strip():
            blank = bool(clauses) or blank
            continue
        marker = MARKER.match(value)
        listing = bool(clauses) and (
            text[clauses[-1][1] : clauses[-1][2]].rstrip().endswith(":") or not blank
        )
        if listing and BULLET.match(value) and not marker:
            clauses[-1][2] = end  # "(4) that further reports be considered on:" + bullets
            blank = False
            continue
        if (marker and _next_minute(marker.group(1), number, blank)) or (
            not marker and (blank or not clauses)
        ):
            if not clauses and value.strip().endswith(":") and len(value.split()) <= 6:
                continue  # "The Policy Committee:" under "Decision taken"
            break
        if marker:
            label = marker.group(1).strip("().")
            if label.isdigit():
                number = label
            elif number and not label.isdigit():
                label = f"{number}{label}"
            clauses.append([label, start + marker.end(), end])
        elif BULLET.match(value) or not re.search(
            r"[.;:]\**$", text[clauses[-1][1] : clauses[-1][2]]
        ):
            clauses[-1][2] = end
        else:
            break
        blank = False
    pairs = []
    for index, (label, start, end) in enumerate(clauses):
        group = index + 1 < len(clauses) and clauses[index + 1][0].startswith(label)
        if group and label.isdigit():  # "2. Residents Parking" over "a.", "b."
            continue
        inline = [start, *(m.end() for m in INLINE_MARKER.finditer(text, start, end))]
        if len(inline) > 1:
            pairs.extend(_split_marked(text, inline, end, label))
        else:
            pairs.append((label, _clause(text, start, end)))
    return pairs


def _next_minute(label: str, number: str, blank: bool) -> bool:
    """Whether a numbered line ends the list: "28. Work Programme" after "a)", "b)", or a
    number too far on from the list's last ("28." after "3.")."""
    label = label.strip("().")
    if not label.isdigit():
        return False
    if not number:
        return blank
    return not 0 < int(label) - int(number) <= MAX_NUMBER_GAP


def _split_marked(
    text: str, starts: list[int], end: int, first: str = ""
) -> list[tuple[str, tuple[int, int]]]:
    """Clauses run together on one line: "(1) that ...; (2) that ..."."""
    pairs = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else end
        marker = re.match(r"\s*\((\d{1,2})\)\s*", text[start:stop])
        label = marker.group(1) if marker else first
        pairs.append((label, _clause(text, start + (marker.end() if marker else 0), stop)))
    return pairs


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause's words: without "that", list punctuation, "; and" or bold markers."""
    start, end = strip_span(text, start, end)
    lead = re.match(r"(?:that|That)\s+", text[start:end])
    if lead:
        start += lead.end()
    tail = re.search(r"(?:;|,)?\s*(?:and|or)?\s*[*;]*\s*$", text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def _first_sentence(rest: str) -> int:
    """Where the first sentence of ``rest`` ends ("... signed. There were no ...")."""
    stop = re.search(r"\.(?=\s+[A-Z])", rest)
    return stop.end() if stop else len(rest.rstrip())


def _item(view: PartView, offset: int) -> tuple[str, str]:
    """The minute (number, title) in force; a decision notice's "Subject: ... (agenda item 7)"."""
    if view.part.doc_type != "decision":
        return view.item_at(offset)
    subjects = list(SUBJECT_LINE.finditer(view.text, view.start, offset))
    if not subjects:
        return "", view.part.title
    return subjects[-1].group(2) or "", squash(subjects[-1].group(1))


def _resolution(
    ref: str, item: tuple[str, str], opened: int, start: int, end: int, owner: str, text: str
) -> Found:
    words = squash(text[start:end])
    owner = owner or next((squash(m.group(1)) for p in OWNER if (m := p.search(words))), "")
    deadline = next((squash(m.group(1)) for p in DEADLINE if (m := p.search(words))), "")
    return Found(
        kind="resolution",
        ref=ref,
        item=item,
        text_start=start,
        text_end=end,
        start=opened,
        end=end,
        title=item[1],
        owner=owner[:1].upper() + owner[1:],
        deadline=deadline,
    )
