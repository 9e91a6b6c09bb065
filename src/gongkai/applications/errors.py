"""Why a use case of the applications refuses: its Chinese reasons, for forms and the command line."""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.wording import join_messages


class StepRefused(Exception):
    """A step that may not be taken; the message (Chinese) says why."""


class InvalidInput(StepRefused):
    """The details given for a step are wrong; `errors` maps field names to Chinese messages."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(join_messages(errors.values()))
        self.errors = dict(errors)


class LetterError(StepRefused):
    """A letter cannot be changed, issued or rendered; the message (Chinese) says why."""
