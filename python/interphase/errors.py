# SPDX-License-Identifier: GPL-3.0-or-later
"""The library's three error categories as exceptions (the CLI's exit codes 3, 2 and 1)."""


class InterphaseError(Exception):
    """Any error the library reports; the message is the library's own."""


class UnreadableInputError(InterphaseError):
    """The input could not be read or decoded (a missing file, an unknown or truncated layout)."""


class InvalidRequestError(InterphaseError, ValueError):
    """The call asked for something invalid (an unknown option, a block that is not in the file)."""


class AnalysisError(InterphaseError):
    """The input was read, but the analysis could not give a trustworthy result."""


def error_for(status, message):
    return {3: UnreadableInputError, 2: InvalidRequestError, 1: AnalysisError}.get(status, InterphaseError)(message)
