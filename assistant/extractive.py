"""The offline answerer: picks the few sentences that best answer the question.

No LLM and no key. Sentences from the retrieved chunks are scored by the embedding model
(cosine to the question) plus lexical overlap (with identifiers and amounts weighted up),
de-duplicated, and written as a short answer in which every sentence carries ``[n]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.base.response.schema import Response
from llama_index.core.llms import MockLLM
from llama_index.core.prompts.mixin import PromptDictType
from llama_index.core.schema import NodeWithScore

from assistant.answer_kinds import COUNT_WORD, YEARLY, AnswerKind
from assistant.continuation import CONTINUES, next_chunk_id
from assistant.council_scope import in_scope
from assistant.org_names import NO_COMMON_WORDS, CommonWords
from assistant.question import QuestionProfile
from assistant.recency import long_date
from assistant.sentences import (
    Sentence,
    closes_row,
    is_heading,
    is_lead_in,
    is_motion,
    is_person_field,
    is_vote_outcome,
    motion_kind,
    refers_back,
    split_sentences,
    with_person_fields,
)
from assistant.synthesis import NodeSynthesizer
from assistant.time_points import only_before
from index.keyword import Tokenizer

SEMANTIC_WEIGHT = 0.6
LEXICAL_WEIGHT = 0.3
RANK_WEIGHT = 0.1
KIND_PENALTY = 0.1  # "how much" answered by a sentence with no new number
# "What did the review find?": the finding ("Testing found that 40%...") shares few words
# with the question, which names the work, so it is lifted over sentences describing the work
# (``AnswerKind.lifted``: so is a firm's name, asked which company did the work).
KIND_BONUS = 0.1
# ...and a name beside the role asked about ("Mrs R Binks (Chairman)") over a name elsewhere.
HOLDER_BONUS = 0.1
HEADING_PENALTY = 0.15  # "Table 22 - Adult Social Care and Health" names, never answers
# Sentences embedded per question, chosen by lexical overlap and rank. On the eval set 12
# chooses exactly what 30 did, at 40% of the embedding time (10 loses a little).
PRESELECT = 12
# Words of each sentence embedded. Long "sentences" (bullet lists, table rows run together)
# cost most of the embedding time; the first 40 words carry their topic. On the eval set 40
# chooses as well as whole sentences, and cuts the embedding's p95 from 440 to 260 ms.
EMBEDDED_WORDS = 40
DUPLICATE_OVERLAP = 0.6  # token Jaccard above which two sentences say the same thing
CONTAINED_SHARE = 0.9  # ...or the share of a sentence's terms the other sentences hold
MIN_CONTAINED_TERMS = 5  # below this a short sentence is not called a piece of a long one
MAX_LIST_ITEMS = 4  # items quoted after a lead-in ending in ":"
# A motion quoted from minutes brings the vote on it, when that comes within this many
# sentences: "Approve implementation of charging at the District Car Parks" read alone says
# the opposite of the minutes, where the recommendation was LOST.
MAX_MOTION_SENTENCES = 12
MOTION_LOOKBACK = 200  # characters before a motion's sentence that may say what it is
# The heading naming who put a question or statement: "Question 61 – Christina Biggs", not an
# agenda item's ("11 CRSTS City centre – Redcliffe Roundabout and Redcliffe Way").
ASKER_HEADING = re.compile(r"^\W*(?:Questions?|Statements?|Petitions?)\b", re.I)
# ...after the dash, a name that may be of common words: "Question 2 – CJ Lamb".
INITIALLED_NAME = re.compile(r"[–-]\s*(?:[A-Z]{1,3}\s+|[A-Z]\.\s*)+(?-i:[A-Z][a-z]+)\s*$")
# ...whose words end where the answer begins: "Mayor’s Response:", "Answer:".
ANSWER_BEGINS = re.compile(r"^\W*(?:\S+\s+){0,2}(?:Response|Answer|Reply)\s*:", re.I | re.M)
# What a question under it says its asker did: asked, not advised or proposed. A question
# may have lost its mark in the PDF: "Will the MCA replace the Ticketer machines ...".
ASKING = re.compile(r"ask(?:ed|s)?|quer(?:ied|ies|y)|enquired|inquired|wanted|wondered", re.I)
ASKS = re.compile(
    r"\?\W*$|^\W*(?:\d+\.\W*)?(?:will|would|does|do|did|has|have|is|are|was|were|can|could"
    r"|should)\b",
    re.I,
)
MAX_ROW_SENTENCES = 8  # a table row's description, read on for its outcome


@dataclass(frozen=True)
class Candidate:
    node_index: int
    position: int  # the sentence's place among its chunk's sentences
    sentence: Sentence
    terms: frozenset[str]
    lexical: float
    prior: float
    adjust: float = 0.0  # penalties for a heading or the wrong kind of answer
    answers_kind: bool = False  # holds the amount or date the question asks for
    holder: bool = False  # names someone beside the role a "who" question asks about
    meeting_date: str = ""  # its paper's (ISO), against which a time still to come is read
    listed: bool = False  # an item of the list a quoted lead-in introduces
    score: float = 0.0
    semantic: float = 0.0

    @property
    def cheap_score(self) -> float:
        """The score before embedding: what decides which sentences are embedded."""
        return LEXICAL_WEIGHT * self.lexical + RANK_WEIGHT * self.prior + self.adjust


@dataclass(frozen=True)
class Selection:
    """The chosen sentences in answer order, and how strong the best evidence was."""

    candidates: list[Candidate]
    best_score: float

    def to_metadata(self) -> dict[str, Any]:
        return {
            "sentences": [
                {"node_index": c.node_index, "quote": c.sentence.text, "start": c.sentence.start}
                for c in self.candidates
            ],
            "best_score": self.best_score,
        }


class ExtractiveSynthesizer(NodeSynthesizer):
    """A response synthesizer that quotes sources instead of generating text."""

    def __init__(
        self,
        embed_model: BaseEmbedding,
        max_sentences: int = 5,
        min_score: float = 0.35,
        relative_floor: float = 0.75,
        added_floor: float = 0.65,
        kind_floor: float = 0.6,
        max_missing: float = 0.65,
        councils: frozenset[str] = frozenset(),
        common_words: CommonWords = NO_COMMON_WORDS,
    ) -> None:
        """``councils``: the index's, so that a question naming one is answered from its papers
        even when none of them was retrieved (see ``assistant.council_scope``); ``common_words``:
        stems of the words that are no names (``assistant.org_names``)."""
        super().__init__(llm=MockLLM())
        self.embed_model = embed_model
        self.max_sentences = max_sentences
        self.min_score = min_score
        self.relative_floor = relative_floor
        self.added_floor = added_floor
        self.kind_floor = kind_floor
        self.max_missing = max_missing
        self.councils = councils
        self.common_words = common_words
        self.tokenize = Tokenizer()

    def _get_prompts(self) -> PromptDictType:
        return {}

    def _update_prompts(self, prompts: PromptDictType) -> None:
        """No prompts: nothing is generated."""

    def select(self, query: str, nodes: Sequence[NodeWithScore]) -> Selection:
        """Score every sentence of the retrieved chunks and choose the answer's sentences."""
        texts = [hit.node.get_content() for hit in nodes]
        asks_who = AnswerKind.of(query).person  # header lines naming someone may answer it
        sentences = [with_person_fields(t) if asks_who else split_sentences(t) for t in texts]
        terms = [[frozenset(self.tokenize(s.text)) for s in chunk] for chunk in sentences]
        retrieved = {_council(hit) for hit in nodes}
        pool = (t for c in terms for t in c)
        question = QuestionProfile.build(
            query, self.tokenize, pool, self.councils | retrieved, self.common_words
        )
        named = _names_by_paper(question, nodes, terms)
        covering = [
            i
            for i, hit in enumerate(nodes)
            if CONTINUES not in hit.node.metadata
            and self._covers(question, hit, named.get(hit.node.ref_doc_id, frozenset()))
        ]  # a continuation is read only for the vote or list its predecessor ends on
        candidates = [
            self._candidate(question, nodes[index], index, position, sentences, terms, rank)
            for rank, index in enumerate(covering)
            for position in range(len(sentences[index]))
        ]
        if not candidates:
            return Selection([], 0.0)
        candidates.sort(key=lambda c: -c.cheap_score)
        scored = self._score(query, candidates[:PRESELECT])
        if any(c.holder for c in scored):  # "Mrs R Binks (Chairman)": no other name is who chaired
            scored = [replace(c, answers_kind=c.holder) for c in scored]
        elif question.kind.deed_or_role:
            # Only a sentence telling the deed or naming the role answers: "Which councillor
            # warned...?" "A Member noted..." names nobody who warned, nor "Who was
            # Vice-Chairman?" "Zoe Toft spoke..." anyone who held the chair. Asked who did
            # something, the best sentence answers too while no sentence tells it, even without
            # a name ("I am advised" tells someone advised, not who), unless it is a vote.
            told = [question.tells_deed_or_role(c.sentence.text, c.terms) for c in scored]
            best_answers = (
                bool(question.kind.deed)
                and not question.kind.told_by_deed_alone
                and scored[0].answers_kind
                and not any(told)
            )
            scored = [
                replace(
                    c, answers_kind=(c.answers_kind and tells) or (best_answers and c is scored[0])
                )
                for c, tells in zip(scored, told, strict=True)
            ]
        best = scored[0].score
        if best < self.min_score:
            return Selection([], best)
        following = _following(nodes)
        # The weakest a strict question's first answering sentence may be, below the relative
        # floor: it is quoted right after the best.
        answer_floor = max(self.min_score, best * self.kind_floor)
        if question.kind.strict:
            scored = _answer_second(scored, answer_floor)
        chosen: list[Candidate] = []
        direct = 0  # how many of the chosen are the best sentence and what it brings
        for candidate in scored:
            if _told(chosen) >= self.max_sentences:
                break
            if candidate.score < best * self.relative_floor and not (
                candidate.answers_kind
                and candidate.score >= answer_floor
                and not any(c.answers_kind for c in chosen)
            ):
                continue  # too weak, unless the first to hold the amount or date asked for
            parts = _with_neighbours(candidate, texts, sentences, terms, following, question)
            fitting = _fitting(parts, chosen, self.max_sentences)
            for part in parts:
                if part.answers_kind and part not in fitting:  # chosen before, read about
                    chosen = [_answering_if_same(c, part) for c in chosen]  # another of its row
            chosen += fitting
            direct = direct or len(chosen)
        rest = _rest_of_paragraph(chosen[direct - 1], texts, sentences, terms, following, question)
        chosen[direct:direct] = _fitting(rest, chosen, self.max_sentences)
        if question.kind.strict and not any(c.answers_kind for c in chosen):
            return Selection([], best)  # e.g. "how much" without an amount: no answer
        for candidate in scored:  # room left: what a little weaker evidence adds, after it
            if _told(chosen) >= self.max_sentences or candidate.score < best * self.added_floor:
                break
            parts = _with_neighbours(candidate, texts, sentences, terms, following, question)
            chosen += _fitting(parts, chosen, self.max_sentences)
        return Selection(_without_repeats(chosen), best)

    def _covers(
        self, question: QuestionProfile, hit: NodeWithScore, paper_names: frozenset[str]
    ) -> bool:
        """Whether a passage holds enough of the question's terms to be about it.

        A passage that never says "library" or "closure" cannot answer a question about
        library closures, however close its sentences look to an embedding. A reference or
        amount the question names ("2025/26", "CS05-2023") must be in it, and at least half of
        the names it uses ("Mrs Hudson"; of two or more, not counting its council's). Another
        council's paper than the one the question names is not about it
        (``assistant.council_scope``). A paper that never says whose it is names its council
        somewhere, and often its date: ``paper_names``, the names and years the question uses
        that the paper's retrieved passages hold, count for each of them.
        """
        if question.about_exempt and hit.node.metadata.get("classification") != "exempt":
            return False
        council = _council(hit)
        if not in_scope(council, question.councils):
            return False
        if not question.weights:
            return True
        metadata = hit.node.metadata
        # "the September 2024 public forum": the meeting's date is in no sentence.
        found = set(
            self.tokenize(
                f"{metadata.get('context', '')} {long_date(metadata.get('meeting_date') or '')}"
                f" {hit.node.text}"
            )
        )
        if council in question.councils:
            # A named council's paper need not name it, nor the councils named with it
            # ("How are Bexley, Kent and Bromley improving complaint handling?").
            found |= question.place_terms
        elif not council:
            found |= paper_names
        found = question.expanded(frozenset(found))
        if question.identifiers and not question.identifiers & found:
            return False
        names = question.names - question.place_terms  # the council's are in scope already
        if len(names) < 2:  # one name may be an acronym the passage spells out ("CRSTS")
            names = question.names
        if names and len(names & found) < len(names) / 2:
            return False
        missing = [term for term in question.weights if term not in found]
        return len(missing) / len(question.weights) < self.max_missing

    def _candidate(
        self,
        question: QuestionProfile,
        hit: NodeWithScore,
        index: int,
        position: int,
        sentences: list[list[Sentence]],
        terms: list[list[frozenset[str]]],
        rank: int,
    ) -> Candidate:
        """A sentence scored on its terms; its heading and the sentence before are context."""
        sentence = sentences[index][position]
        own = terms[index][position]
        heading = " ".join(
            str(hit.node.metadata.get(key) or "") for key in ("agenda_item_title", "section")
        )
        context = frozenset(self.tokenize(heading))
        if position:
            context |= terms[index][position - 1]
        if question.kind.decision and not is_vote_outcome(sentence.text):  # a vote is on its motion
            context |= _item_terms(sentences[index], terms[index], position)
        meeting_date = hit.node.metadata.get("meeting_date") or ""
        kind = _kind_found(question, sentence.text, own | context, meeting_date)
        if kind and question.kind.yearly:  # by the year here or just before: "...every year."
            told = sentences[index][max(0, position - 1) : position + 1]
            kind = any(YEARLY.search(s.text) for s in told)  # not "£83 million since 2012"
        if kind and question.body:  # another body's chair or decision than the one asked about
            paper = frozenset(self.tokenize(hit.node.metadata.get("context", "")))
            kind = question.body <= own | context | paper
        holder = question.names_holder(sentence.text) if kind else None
        if kind and not question.held_at(meeting_date):
            holder = False  # a name from another meeting than the one asked about
        if holder is False:  # names others in their roles: "Councillor Neil Reddin (Chairman)"
            kind = False
        adjust = -KIND_PENALTY if kind is False else 0.0
        if kind and question.kind.lifted:
            adjust += KIND_BONUS
        if holder:
            adjust += HOLDER_BONUS
        if is_heading(sentence.text) and not (holder or is_person_field(sentence.text)):
            adjust -= HEADING_PENALTY  # a name beside the role asked answers, as a heading
        lexical = question.overlap(question.expanded(own), question.expanded(context))
        return Candidate(
            index,
            position,
            sentence,
            own,
            lexical,
            1.0 / (1 + rank),
            adjust,
            kind is True,
            bool(holder),
            meeting_date,
        )

    def _score(self, query: str, candidates: list[Candidate]) -> list[Candidate]:
        vectors = np.array(
            self.embed_model.get_text_embedding_batch(
                [query] + [" ".join(c.sentence.text.split()[:EMBEDDED_WORDS]) for c in candidates]
            )
        )
        similarities = vectors[1:] @ vectors[0]
        scored = [
            replace(c, score=SEMANTIC_WEIGHT * float(sim) + c.cheap_score, semantic=float(sim))
            for c, sim in zip(candidates, similarities, strict=True)
        ]
        return sorted(scored, key=lambda c: -c.score)

    def respond(self, query_str: str, nodes: Sequence[NodeWithScore]) -> Response:
        selection = self.select(query_str, nodes)
        return Response(
            response=compose(selection),
            source_nodes=list(nodes),
            metadata={"extractive": selection.to_metadata()},
        )


def _answering_if_same(chosen: Candidate, part: Candidate) -> Candidate:
    """The chosen sentence, answering when it is the part found to answer: a row's closing
    cells ("Vesey £600 Approved.") answer about the sentence naming what was asked, though
    first read after another sentence of the row."""
    same = (chosen.node_index, chosen.position) == (part.node_index, part.position)
    return replace(chosen, answers_kind=True) if same else chosen


def _item_terms(
    sentences: list[Sentence], terms: list[frozenset[str]], position: int
) -> frozenset[str]:
    """The terms of the sentences before one, back to the heading opening its item: minutes
    name what an item is about where it opens ("the proposal from St James Church for the
    Memory Café") and decide it at the end ("Committee resolved to defer the proposal")."""
    start = (
        position if is_heading(sentences[position].text) else _heading_above(sentences, position)
    )
    return frozenset().union(*terms[start or 0 : position])


def _heading_above(sentences: list[Sentence], position: int) -> int | None:
    """Where the nearest heading above a sentence is in its passage, if any."""
    return next((i for i in range(position - 1, -1, -1) if is_heading(sentences[i].text)), None)


def _kind_found(
    question: QuestionProfile, text: str, about: frozenset[str], meeting_date: str
) -> bool | None:
    """Whether a sentence gives the kind of answer asked for (``answer_kind_found``), read
    against its paper's date: "When will it be awarded?" is not answered by "In January 2023,
    the MCA re-tendered it" in a paper of 2026, nor when that sentence is read as the one a
    closer sentence refers back to."""
    kind = question.answer_kind_found(text, about)
    if kind and question.kind.future and only_before(text, meeting_date):
        return False
    return kind


def _answer_second(scored: list[Candidate], floor: float) -> list[Candidate]:
    """When the best sentence does not give what a strict question asks for, the first that
    does comes next, before weaker ones fill the answer: "who moved it?" is answered by "moved
    by Councillor Plowden", however many sentences are closer to the question's words."""
    if scored[0].answers_kind:
        return scored
    answering = next((c for c in scored if c.answers_kind and c.score >= floor), None)
    if answering is None:
        return scored
    return [scored[0], answering, *(c for c in scored[1:] if c is not answering)]


def _with_neighbours(
    candidate: Candidate,
    texts: list[str],
    sentences: list[list[Sentence]],
    terms: list[list[frozenset[str]]],
    following: dict[int, int],
    question: QuestionProfile,
) -> list[Candidate]:
    """The sentence, after the one it refers back to (or, asked who did something, the
    heading naming who did), or followed by the list it introduces, and by the vote on it
    when it is a motion put to the vote, or by the outcome of the table row it describes.
    When a decision is asked for, the vote on a motion quoted is one (not on one a
    sentence merely comes before); a row's closing cells answer as themselves, about the
    row, and so do the sentence referred back to and the list's items."""
    node, position = candidate.node_index, candidate.position
    own = sentences[node]
    heading = _heading_above(own, position)
    asker = False
    if position and refers_back(candidate.sentence.text):
        before = [(node, position - 1)]
    elif heading is not None and (
        asker := _asker(
            candidate,
            own[heading],
            texts[node][own[heading].end : candidate.sentence.start],
            question,
        )
    ):
        before = [(node, heading)]
    else:
        before = []
    vote = _vote_on(node, position, texts, sentences, following)
    row = [] if vote else _row_outcome(node, position, texts, sentences, following)
    closing = vote or row
    answering = {  # the closing sentences that give what was asked
        *(vote if question.kind.decision and is_motion(candidate.sentence.text) else []),
        *(
            (n, i)
            for n, i in row
            if _kind_found(
                question,
                sentences[n][i].text,
                terms[n][i] | candidate.terms,
                candidate.meeting_date,
            )
        ),
    }
    answering |= {  # "Question 61 – Christina Biggs" (``_asker``)
        (n, i)
        for n, i in before
        if asker
        or _kind_found(question, own[i].text, terms[n][i] | candidate.terms, candidate.meeting_date)
    }
    told = [
        replace(
            candidate,
            node_index=n,
            position=i,
            sentence=sentences[n][i],
            terms=terms[n][i],
            answers_kind=(candidate.answers_kind and (n, i) == (node, position))
            or (n, i) in answering,
        )
        for n, i in dict.fromkeys([*before, (node, position), *closing])
    ]
    at = len(before) + 1  # the list comes after its lead-in, before the vote on it
    items = _list_items(candidate, sentences, terms, following, question)
    told[at:at] = [c for c in items if (c.node_index, c.position) not in closing]
    return told


def _list_items(
    lead_in: Candidate,
    sentences: list[list[Sentence]],
    terms: list[list[frozenset[str]]],
    following: dict[int, int],
    question: QuestionProfile,
) -> list[Candidate]:
    """The items of the list a sentence ending in ":" introduces, told as part of it: a lead-in
    quoted alone ("The review identified an urgent need for:") answers nothing. An item answers
    what was asked about its lead-in ("The challenge team consisted of:" "Jan Willis –
    Director of Finance") where the two together tell the deed or role asked about. A lead-in
    ending its passage is followed by the retrieved passage that continues it."""
    if not is_lead_in(lead_in.sentence.text):
        return []
    node, position = lead_in.node_index, lead_in.position
    if position + 1 == len(sentences[node]) and node in following:  # it ends its passage
        node, position = following[node], -1
    items = []
    for i in range(position + 1, min(position + 1 + MAX_LIST_ITEMS, len(sentences[node]))):
        item = sentences[node][i]
        about = terms[node][i] | lead_in.terms
        found = _kind_found(question, item.text, about, lead_in.meeting_date) is True
        kind = found and question.tells_what_is_asked(f"{lead_in.sentence.text} {item.text}", about)
        items.append(
            replace(
                lead_in,
                node_index=node,
                position=i,
                sentence=item,
                terms=terms[node][i],
                answers_kind=kind,
                listed=True,
            )
        )
    return items


def _asker(candidate: Candidate, before: Sentence, between: str, question: QuestionProfile) -> bool:
    """Whether, asked who did something, the heading above a sentence naming no one names
    who said or asked it: "Question 61 – Christina Biggs" above "Has WECA discussed our
    Platform 1 tram-train idea ...?", however many sentences of the question come between
    (the text ``between`` them), but not above the answer to it ("Mayor’s Response: ... I am
    advised, ..."); nor who advised, when the sentence is a question. A report's header field
    names no one who did."""
    heading = before.text
    return (
        bool(question.kind.deed)
        and not candidate.answers_kind
        and is_heading(heading)
        and ":" not in heading  # "Executive Director lead: John Smith", a field, did nothing
        and ASKER_HEADING.match(heading) is not None
        and ANSWER_BEGINS.search(between) is None
        and (
            ASKS.search(candidate.sentence.text) is None
            or ASKING.fullmatch(question.kind.deed) is not None
        )
        and (
            INITIALLED_NAME.search(heading) is not None
            or question.answer_kind_found(heading, frozenset()) is True
        )
    )


def _rest_of_paragraph(
    candidate: Candidate,
    texts: list[str],
    sentences: list[list[Sentence]],
    terms: list[list[frozenset[str]]],
    following: dict[int, int],
    question: QuestionProfile,
) -> list[Candidate]:
    """The sentences after one in its paragraph (its line of the passage), and the list the
    last of them may introduce. The sentence that
    best matches a question often only names what the next ones give: "The risk assessment
    work had identified two new risks" is followed by "The two new risks were ...". A vote
    ends what is read: a vote after it is on another motion."""
    node, end = candidate.node_index, candidate.sentence.end
    rest: list[Candidate] = []
    if is_vote_outcome(candidate.sentence.text):
        return rest
    for position in range(candidate.position + 1, len(sentences[node])):
        sentence = sentences[node][position]
        if "\n" in texts[node][end : sentence.start]:
            break
        own = terms[node][position]
        found = question.answer_kind_found(sentence.text, own | candidate.terms) is True
        kind = found and question.tells_what_is_asked(sentence.text, own)
        rest.append(
            replace(candidate, position=position, sentence=sentence, terms=own, answers_kind=kind)
        )
        if is_vote_outcome(sentence.text):
            break
        end = sentence.end
    return rest + (_list_items(rest[-1], sentences, terms, following, question) if rest else [])


def _row_outcome(
    node: int,
    position: int,
    texts: list[str],
    sentences: list[list[Sentence]],
    following: dict[int, int],
) -> list[tuple[int, int]]:
    """The closing cells of the table row a sentence describes: the first cells after it,
    when they close a row and nothing but whole sentences comes between (a row's description
    may run on, into the passage that continues it; another row's cells end it)."""
    passage, end = node, sentences[node][position].end  # where the text read so far ends
    for n, i in _read_on(node, position, sentences, following)[:MAX_ROW_SENTENCES]:
        sentence = sentences[n][i]
        gap = (
            texts[n][end : sentence.start]
            if n == passage
            else f"{texts[passage][end:]}\n{texts[n][: sentence.start]}"
        )
        if _holds_cells(gap):
            return []
        if closes_row(sentence.text):
            return [(n, i)]
        passage, end = n, sentence.end
    return []


def _holds_cells(gap: str) -> bool:
    """Whether the text between two sentences holds a whole line of its own: a table cell."""
    return any(line.strip() for line in gap.split("\n")[1:-1])


def _vote_on(
    node: int,
    position: int,
    texts: list[str],
    sentences: list[list[Sentence]],
    following: dict[int, int],
) -> list[tuple[int, int]]:
    """Where the vote on a motion is recorded: the first vote on the same kind of motion
    (amendment or recommendation) after it, in its passage or, when retrieved too, the passage
    that continues it (minutes often break a chunk between an amendment's wording and its
    vote). Nothing for a sentence that is itself a vote."""
    sentence = sentences[node][position]
    if is_vote_outcome(sentence.text):
        return []
    kind = motion_kind(texts[node][max(0, sentence.start - MOTION_LOOKBACK) : sentence.end])
    for n, i in _read_on(node, position, sentences, following)[:MAX_MOTION_SENTENCES]:
        text = sentences[n][i].text
        if is_vote_outcome(text) and kind in (None, motion_kind(text)):
            return [(n, i)]
    return []


def _read_on(
    node: int, position: int, sentences: list[list[Sentence]], following: dict[int, int]
) -> list[tuple[int, int]]:
    """The sentences after one, in its passage and then in the retrieved passage continuing it."""
    rest = [(node, i) for i in range(position + 1, len(sentences[node]))]
    if node in following:
        rest += [(following[node], i) for i in range(len(sentences[following[node]]))]
    return rest


def _following(nodes: Sequence[NodeWithScore]) -> dict[int, int]:
    """For each retrieved passage, the retrieved passage that comes next in its paper."""
    place = {hit.node.node_id: index for index, hit in enumerate(nodes)}
    return {
        index: place[following]
        for index, hit in enumerate(nodes)
        if (following := next_chunk_id(hit)) in place
    }


def _names_by_paper(
    question: QuestionProfile, nodes: Sequence[NodeWithScore], terms: list[list[frozenset[str]]]
) -> dict[str | None, frozenset[str]]:
    """For each paper retrieved, the names and years the question uses that its passages
    hold: "the August 2022 update" is dated in one of its passages only."""
    named: dict[str | None, frozenset[str]] = {}
    for hit, chunk in zip(nodes, terms, strict=True):
        paper = hit.node.ref_doc_id
        named[paper] = named.get(paper, frozenset()) | (
            (question.names | question.years) & frozenset().union(*chunk)
        )
    return named


def _council(hit: NodeWithScore) -> str:
    return hit.node.metadata.get("council") or ""


def compose(selection: Selection) -> str:
    """Answer text: each chosen sentence followed by ``[n]``, n being its source's position."""
    return " ".join(
        f"{_capitalised(' '.join(c.sentence.text.split()))} [{c.node_index + 1}]"
        for c in selection.candidates
    )  # a table row's cells are quoted on one line


def _capitalised(text: str) -> str:
    """List items start in lower case ("a) approve the award..."); an answer's sentences don't."""
    return text[:1].upper() + text[1:]


def _repeats(candidate: Candidate, others: Sequence[Candidate]) -> bool:
    """Whether the others already say it: one of them says the same thing, or together they
    hold nearly all its terms (the same passage cut at different places in two papers)."""
    for other in others:
        union = candidate.terms | other.terms
        if union and len(candidate.terms & other.terms) / len(union) > DUPLICATE_OVERLAP:
            return True
    held = candidate.terms & frozenset().union(*(other.terms for other in others))
    return (
        len(candidate.terms) >= MIN_CONTAINED_TERMS
        and len(held) / len(candidate.terms) >= CONTAINED_SHARE
        and not any(map(_is_number, candidate.terms - held))  # "received nine referrals"
    )


def _fitting(
    parts: Sequence[Candidate], chosen: Sequence[Candidate], limit: int
) -> list[Candidate]:
    """The parts that may follow the chosen sentences: none that repeats them, and no more
    than ``limit`` sentences told in all. A list's items are told with their lead-in, and
    come only with it."""
    fitting: list[Candidate] = []
    lead_in_kept = False
    for part in parts:
        so_far = [*chosen, *fitting]
        keep = (lead_in_kept if part.listed else _told(so_far) < limit) and not _repeats(
            part, so_far
        )
        if keep:
            fitting.append(part)
        if not part.listed:
            lead_in_kept = keep
    return fitting


def _told(chosen: Sequence[Candidate]) -> int:
    """How many sentences the answer tells: a list's items are part of their lead-in's."""
    return sum(not c.listed for c in chosen)


def _is_number(term: str) -> bool:
    return any(ch.isdigit() for ch in term) or bool(COUNT_WORD.fullmatch(term))


def _without_repeats(chosen: list[Candidate]) -> list[Candidate]:
    """Drop, weakest first, a sentence that the others chosen (some after it) repeat."""
    kept = list(chosen)
    for candidate in reversed(chosen):
        rest = [other for other in kept if other is not candidate]
        if _repeats(candidate, rest):
            kept = rest
    return kept
