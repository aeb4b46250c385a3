"""Article text: cleaning, sentence splitting, what may be a key point, and sumy's tokenizer.

    cleaning.py   captions, credits, bylines, datelines and boilerplate out; paragraphs in
    sentences.py  the cleaned text split into sentences (nupunkt, mended), capped, traced
    points.py     which sentences may be key points: not headings, questions, greetings,
                  stage directions or the writer's own framed opinion

Every stage that reads an article's sentences goes through `sentences` (or
`iter_sentences`), which cleans first: what `briefing read` prints is what a build
summarises.
"""

from briefing.text.cleaning import (
    clean_paragraph,
    clean_text,
    is_caption_or_credit,
    is_heading,
    iter_paragraphs,
    paragraphs,
)
from briefing.text.points import (
    is_aside,
    is_courtesy,
    is_point,
    is_question,
    is_real_sentence,
    is_stage_direction,
    is_writers_view,
    speaker_turns,
)
from briefing.text.sentences import (
    MAX_POINT_CHARS,
    WORD_RE,
    SumyTokenizer,
    cap_sentence,
    iter_sentences,
    sentence_lines,
    sentences,
    split_sentences,
    untraced,
    words,
)

__all__ = [
    "MAX_POINT_CHARS",
    "WORD_RE",
    "SumyTokenizer",
    "cap_sentence",
    "clean_paragraph",
    "clean_text",
    "is_aside",
    "is_caption_or_credit",
    "is_courtesy",
    "is_heading",
    "is_point",
    "is_question",
    "is_real_sentence",
    "is_stage_direction",
    "is_writers_view",
    "iter_paragraphs",
    "iter_sentences",
    "paragraphs",
    "sentence_lines",
    "sentences",
    "speaker_turns",
    "split_sentences",
    "untraced",
    "words",
]
