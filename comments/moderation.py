"""The moderation rules: what is approved at once, held for a moderator, or kept as spam.

Pure functions over the submitted text, so every rule can be tested on its own. The order
follows WordPress's (the floor readers and moderators know), stricter where it protects readers.
"""

import re
import unicodedata
from dataclasses import dataclass

from .models import Comment

# Digits written for letters: "b0d0h", "4nj1ng".
DIGIT_LOOKALIKES = str.maketrans({"4": "a", "1": "i", "0": "o", "3": "e", "5": "s", "7": "t"})
# Symbols written for letters, but only before a letter: "@nj!ng", "$ampah" (not "anjing!!").
SYMBOL_LOOKALIKES = {"@": "a", "!": "i", "$": "s"}
SYMBOL_IN_WORD = re.compile(r"[@!$](?=\w)")
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
# Punctuation hidden inside a word: "bo.doh", "b-o-d-o-h", "go_blok".
INNER_SEPARATORS = re.compile(r"(?<=\w)[.\-_*·•|/\\'`~+,:;]+(?=\w)")
# A word spelled out letter by letter: "b o d o h", "b. o. d. o. h".
SPELLED_OUT = re.compile(r"(?<!\w)(?:\w[\s.\-_*·•|/\\,]+){2,}\w(?!\w)")
REPEATED_LETTERS = re.compile(r"(\w)\1+")
NOT_A_WORD = re.compile(r"[\W_]+")

# Linked addresses, "www." hosts and bare domains a reader would click on.
LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|<a\s[^>]*href"
    r"|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|id|info|biz|xyz|io|co|me|site|online|top|link|ly|club|vip)\b",
    re.IGNORECASE,
)


def _unmask(text):
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "").casefold())
    text = SYMBOL_IN_WORD.sub(lambda match: SYMBOL_LOOKALIKES[match.group()], text)
    return text.translate(DIGIT_LOOKALIKES)


def _words(text):
    """Lower-case words separated by single spaces, repeated letters collapsed, padded for
    whole-word lookups."""
    text = NOT_A_WORD.sub(" ", text)
    text = REPEATED_LETTERS.sub(r"\1", text)
    return f" {' '.join(text.split())} "


def normalise(text):
    """Every reading of `text` a word list should check: as written, and with disguises removed."""
    text = _unmask(text)
    joined = INNER_SEPARATORS.sub("", text)
    joined = SPELLED_OUT.sub(lambda match: NOT_A_WORD.sub("", match.group()), joined)
    return {_words(text), _words(joined)}


def phrase_keys(phrase):
    """A listed phrase as normalised words, and run together ("slot gacor", "slotgacor")."""
    words = _words(_unmask(phrase))
    if not words.strip():
        return set()
    return {words, f" {words.replace(' ', '')} "}


def count_links(text):
    return len(LINK.findall(text or ""))


# Indonesian clitics a listed word may carry: "bodohnya", "goblokmu", "tololkah".
CLITICS = "(?:nya|lah|kah|mu|ku|pun)?"


class WordList:
    """Phrases matched as whole words (clitics allowed), case-insensitively, through common
    disguises."""

    def __init__(self, phrases):
        self.phrase_for_key = {}
        for phrase in phrases:
            for key in phrase_keys(phrase):
                self.phrase_for_key.setdefault(key.strip(), phrase)
        keys = sorted(self.phrase_for_key, key=len, reverse=True)
        self.pattern = (
            re.compile(rf"(?<= )({'|'.join(map(re.escape, keys))}){CLITICS}(?= )") if keys else None
        )

    def first_match(self, *texts):
        """The listed phrase found in any of the texts, or None."""
        if self.pattern is None:
            return None
        for text in texts:
            for reading in normalise(text) if text else ():
                if match := self.pattern.search(reading):
                    return self.phrase_for_key[match.group(1)]
        return None


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Submission:
    """What the rules look at; `seconds_on_form` is None when the signed timestamp is missing."""

    name: str
    email: str
    website: str
    text: str
    honeypot: str = ""
    seconds_on_form: float | None = None


def judge(
    submission,
    *,
    settings,
    moderation_list,
    disallowed_list,
    is_moderator,
    author_is_trusted,
):
    """Decide approved / pending / spam and why. `author_is_trusted` is called only if needed
    (it costs a query): it says whether the author already has an approved comment."""
    status, reason = Comment.Status, Comment.Reason
    if submission.honeypot:
        return Verdict(status.SPAM, reason.HONEYPOT)
    if submission.seconds_on_form is None:
        return Verdict(status.SPAM, reason.BAD_TOKEN)
    if submission.seconds_on_form < settings.min_seconds_to_post:
        return Verdict(status.SPAM, reason.TOO_FAST, f"{max(submission.seconds_on_form, 0):.1f} s")
    if is_moderator:
        return Verdict(status.APPROVED)
    fields = (submission.name, submission.email, submission.website, submission.text)
    if word := disallowed_list.first_match(*fields):
        return Verdict(status.SPAM, reason.DISALLOWED_WORD, word)
    if settings.hold_every_comment:
        return Verdict(status.PENDING, reason.HOLD_ALL)
    links = count_links(submission.text)
    if settings.hold_link_count and links >= settings.hold_link_count:
        return Verdict(status.PENDING, reason.LINKS, str(links))
    if word := moderation_list.first_match(*fields):
        return Verdict(status.PENDING, reason.MODERATION_WORD, word)
    if settings.hold_first_comment and not author_is_trusted():
        return Verdict(status.PENDING, reason.FIRST_COMMENT)
    return Verdict(status.APPROVED)
