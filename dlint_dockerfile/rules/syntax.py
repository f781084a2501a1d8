"""Syntax family (DLX0xx): what BuildKit rejects or warns about while reading the file."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections.abc import Collection

from dlint_dockerfile.fixers.edits import replace_node
from dlint_dockerfile.fixers.syntax import (
    closest_instruction,
    key_value_fix,
    remove_selectors_fix,
    replace_selectors_fix,
    suggested_selectors,
)
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.lint.suppression import Suppression
from dlint_dockerfile.model.labels import label_set_before
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import CommentLine, ErrorInstruction, Instruction, Keyword, Text, Word
from dlint_dockerfile.syntax.nodes import KNOWN_INSTRUCTIONS

__all__ = [
    "ConsistentInstructionCasing",
    "EmptyContinuationLine",
    "ExposeProtoCasing",
    "FromAsCasing",
    "InstructionBeforeFrom",
    "InvalidDirective",
    "InvalidExpose",
    "InvalidSuppression",
    "LegacyKeyValueFormat",
    "MaintainerDeprecated",
    "MisplacedDirective",
    "OnbuildMisuse",
    "SyntaxError_",
    "UnknownInstruction",
    "UnusedSuppression",
]


class _IssueRule(Rule):
    """Reports the parser's syntax issues carrying this rule's code."""

    def finish(self) -> None:
        for owner, issue in self.model.tree.all_issues():
            if issue.code != self.code:
                continue
            start, _ = self.model.index.span(owner)
            if isinstance(owner, Instruction):
                start = self.model.index.body_start(owner)
            self.report((start + issue.start, start + issue.end), issue.message)


class SyntaxError_(_IssueRule):
    """BuildKit cannot read this instruction or file; the build fails here.

    ## What it does
    Reports what BuildKit's parser rejects: malformed ENV/LABEL pairs, exec-form JSON holding
    something other than strings, missing arguments, an unterminated heredoc, a file with no
    instructions, lines longer than BuildKit's limit.

    ## Why
    `docker build` stops at the first of these errors. dlint reports each one with its exact
    range and keeps reading the rest of the file.

    ## Example
    ```dockerfile
    FROM alpine
    ENV PATH
    CMD ["sh", 1]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    ENV PATH=/usr/local/bin:$PATH
    CMD ["sh", "1"]
    ```

    ## Fix safety
    No automatic fix: the intent of a broken line cannot be guessed.
    """

    code = "DLX001"
    name = "syntax-error"
    category = "syntax"
    severity = Severity.ERROR


class UnknownInstruction(_IssueRule):
    """An instruction keyword BuildKit does not know.

    ## What it does
    Reports a line whose first word is not a Dockerfile instruction, with the closest
    instruction as a suggestion.

    ## Why
    BuildKit fails with `unknown instruction`. A typo such as `RUNN` or a shell line that lost
    its continuation backslash usually causes it.

    ## Example
    ```dockerfile
    FROM alpine
    RUNN apk add --no-cache curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN apk add --no-cache curl
    ```

    ## Fix safety
    Unsafe: when the keyword is one typing mistake away from exactly one instruction (two for
    words longer than 7 letters; a transposition counts as one), the fix replaces it with
    that instruction in the keyword's case (`RUNN` → `RUN`, `copyy` → `copy`). The line
    might be a shell command that lost its continuation backslash rather than a typo, so
    review it. Without the fix the build stops at this line; with it the instruction runs
    (a `FROM` starts a new stage for the lines below it), and in an `ONBUILD` trigger,
    which the build of this image does not check, the images built FROM it run the
    instruction instead of failing. Keywords shorter than 3 letters (`cd` is not `CMD`),
    and words with no close instruction or two equally close ones, get no fix; neither
    does a rewrite that would leave the line with a syntax error.
    """

    code = "DLX002"
    name = "unknown-instruction"
    category = "syntax"
    severity = Severity.ERROR
    fix = "sometimes"

    def finish(self) -> None:
        index = self.model.index
        for owner, issue in self.model.tree.all_issues():
            if issue.code != self.code:
                continue
            base = (
                index.body_start(owner) if isinstance(owner, Instruction) else index.span(owner)[0]
            )
            start = base + issue.start
            fix = self._fix(owner, start) if isinstance(owner, Instruction) else None
            self.report((start, base + issue.end), issue.message, fix=fix)

    def _fix(self, owner: Instruction, start: int) -> Fix | None:
        target = owner.inner if owner.inner is not None else owner
        keyword = target.keyword
        if self.model.index.span(keyword)[0] != start:
            return None
        known = closest_instruction(keyword.raw)
        if known is None:
            return None
        content = known.lower() if keyword.raw.islower() else known
        return Fix(
            f"replace {keyword.raw} with {content}",
            (replace_node(self.model, keyword, content),),
            Applicability.UNSAFE,
        )


#: A line of nothing but blanks after a line break (what DLX005 looks for inside one).
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
#: Where `_BLANK_LINE` can match: each line ending followed by a blank line, overlaps too.
_BLANK_AHEAD = re.compile(r"\n(?=[ \t\r\f\v]*\n)")
_DIRECTIVE_LIKE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(\S.*)$")
_DIRECTIVE_NAMES = ("syntax", "escape", "check")


class InvalidDirective(_IssueRule):
    """A parser directive BuildKit rejects: repeated, or with an invalid value.

    ## What it does
    Reports a second `# escape=`/`# syntax=`/`# check=` directive, an escape character other
    than `\\` or a backtick, a `# check=` value that is not `skip=...` / `error=true|false`, and a
    misspelt directive name in the header (`# sytnax=`).

    ## Why
    BuildKit fails on a repeated or invalid directive; a misspelt one is silently a comment, so
    the frontend or escape character you asked for is not used.

    ## Example
    ```dockerfile
    # escape=`
    # escape=\\
    FROM alpine
    ```

    ## Use instead
    ```dockerfile
    # escape=`
    FROM alpine
    ```

    ## Fix safety
    Unsafe: a misspelt directive name gets the fix of the name it is close to
    (`# sytnax=` → `# syntax=`). The line then becomes a directive, so BuildKit builds
    with the frontend it names, reads the file with the escape character it sets, or runs
    the build checks it sets (with `error=true`, a check's warning fails the build),
    which changes the whole build; review it. A repeated directive, an invalid value and a malformed
    `# check=` get no fix: which value was meant cannot be known.
    """

    code = "DLX003"
    name = "invalid-directive"
    category = "syntax"
    severity = Severity.ERROR
    fix = "sometimes"

    def finish(self) -> None:
        super().finish()
        check = self.model.tree.directive("check")
        if check is not None:
            problem = _check_problem(check.value)
            if problem:
                self.report(check, problem)
        tree = self.model.tree
        first = tree.instructions[0] if tree.instructions else None
        header = [line for line in (first.leading if first else tree.footer)]
        for line in header:
            if not isinstance(line, CommentLine):
                break
            match = _DIRECTIVE_LIKE.match(line.raw.strip())
            if not match:
                break
            name = match.group(1).lower()
            if name in _DIRECTIVE_NAMES:
                continue
            close = difflib.get_close_matches(name, _DIRECTIVE_NAMES, n=1, cutoff=0.6)
            if close:
                raw = line.raw
                start = self.model.index.span(line)[0] + len(raw) - len(raw.lstrip())
                edit = Edit(start + match.start(1), start + match.end(1), close[0])
                self.report(
                    line,
                    f"'{match.group(1)}' is not a parser directive (did you mean '{close[0]}'?); "
                    "BuildKit reads this line as a comment",
                    fix=Fix(f"rename to {close[0]}", (edit,), Applicability.UNSAFE),
                )
            break


def _check_problem(value: str) -> str | None:
    for part in value.split(";"):
        key, eq, val = part.partition("=")
        key = key.strip().lower()
        if not eq or key not in ("skip", "error"):
            return f"invalid check directive {value!r}: expected 'skip=<checks|all>;error=<bool>'"
        if key == "error" and val.strip().lower() not in ("true", "false"):
            return f"invalid check directive: error={val.strip()!r} must be true or false"
    return None


class MisplacedDirective(Rule):
    """A parser directive written where BuildKit ignores it.

    ## What it does
    Reports `# syntax=` and `# escape=` comments that are not in the file's very first lines:
    after an instruction, a blank line or another comment, BuildKit reads them as comments.

    ## Why
    The frontend version or escape character you asked for is silently not used, so the file
    is parsed differently from what you expect.

    ## Example
    ```dockerfile
    # My image
    # syntax=docker/dockerfile:1
    FROM alpine
    ```

    ## Use instead
    ```dockerfile
    # syntax=docker/dockerfile:1
    # My image
    FROM alpine
    ```

    ## Fix safety
    No automatic fix (moving the line changes how the file is parsed).
    """

    code = "DLX004"
    name = "misplaced-directive"
    category = "syntax"
    severity = Severity.WARNING

    def finish(self) -> None:
        tree = self.model.tree
        lines = [line for i in tree.instructions for line in i.leading] + list(tree.footer)
        for line in lines:
            if not isinstance(line, CommentLine):
                continue
            match = _DIRECTIVE_LIKE.match(line.raw.strip())
            if match and match.group(1).lower() in ("syntax", "escape"):
                self.report(
                    line,
                    f"parser directive '{match.group(1).lower()}' is ignored here: directives "
                    "must come first, before any instruction, comment or blank line",
                )


class EmptyContinuationLine(Rule):
    """An empty line inside a continued instruction.

    ## What it does
    Reports blank lines between the lines of an instruction continued with `\\`.

    ## Why
    BuildKit skips them with a warning (check `NoEmptyContinuation`) and says they will become
    errors. They also hide where an instruction really ends.

    ## Example
    ```dockerfile
    FROM alpine
    RUN apk add \\

        curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN apk add \\
        curl
    ```

    ## Fix safety
    Safe: the fix removes the empty line (with its line ending); BuildKit already skips
    it, so the instruction reads the same. Comment lines between the continued lines stay.
    """

    code = "DLX005"
    name = "empty-continuation-line"
    aliases = ("NoEmptyContinuation",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "always"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Offsets of the line endings followed by a blank line, anywhere in the file.
        self.blank_after = [m.start() for m in _BLANK_AHEAD.finditer(self.model.tree.code)]

    def visit_instruction(self, instruction: Instruction) -> None:
        blank_after = self.blank_after
        if not blank_after or self.model.outer(instruction) is not instruction:
            return
        index = self.model.index
        pos = index.body_start(instruction)
        _, end = index.span(instruction)
        # the parts end where the newline and the heredocs after them begin
        end -= len(instruction.newline.raw) + sum(len(h.code) for h in instruction.heredocs)
        at = bisect_left(blank_after, pos)
        if at == len(blank_after) or blank_after[at] >= end:
            return  # no blank line starts inside the instruction (most: one line)
        parts = instruction.parts
        if parts and _BLANK_LINE.search(self.model.tree.code, pos, end) is None:
            return  # the blank line ends after the instruction's last line
        for part in parts:
            code = part.code
            if "\n" in code:
                self._scan(code, pos)
            pos += len(code)

    def _scan(self, code: str, pos: int) -> None:
        offset = 0
        lines = code.split("\n")
        last = len(lines) - 1
        for number, line in enumerate(lines):
            blank = not line.strip(" \t\r\f\v")
            if 0 < number < last and blank:
                # the whole line with its line ending: what the fix deletes
                start, end = pos + offset, pos + offset + len(line) + 1
                fix = Fix("remove the empty line", (Edit(start, end, ""),))
                self.report((start, end), "empty continuation line", fix=fix)
            offset += len(line) + 1


class ConsistentInstructionCasing(Rule):
    """Instruction keywords should all be upper case or all lower case.

    ## What it does
    Finds the case most instructions use and reports the ones that differ, including mixed
    case like `Run`. Unknown keywords (DLX002) are neither counted nor reported.

    ## Why
    BuildKit warns about it (`ConsistentInstructionCasing`); mixed casing makes files harder
    to read and search.

    ## Example
    ```dockerfile
    FROM alpine
    run echo hi
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN echo hi
    ```

    ## Fix safety
    Safe: the fix rewrites the keyword in the majority's case (`run` → `RUN`); BuildKit
    reads keywords case-insensitively, so the build is the same.
    """

    code = "DLX006"
    name = "inconsistent-instruction-casing"
    aliases = ("ConsistentInstructionCasing",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "always"

    def finish(self) -> None:
        # every keyword at once (no visit of each instruction); unknown keywords
        # (DLX002's) are not instructions: their case is not counted
        words: list[Keyword] = []
        lower = upper = 0
        for instruction in self.model.instructions:
            inner = instruction.inner
            for keyword in (instruction.keyword, inner.keyword if inner else None):
                if keyword is None or keyword.value not in KNOWN_INSTRUCTIONS:
                    continue
                words.append(keyword)
                raw = keyword.raw
                if raw.isupper():
                    upper += 1
                elif raw.islower():
                    lower += 1
        majority_lower = lower > upper
        for keyword in words:
            expected = keyword.raw.lower() if majority_lower else keyword.raw.upper()
            if keyword.raw != expected:
                case = "lowercase" if majority_lower else "uppercase"
                self.report(
                    keyword,
                    f"instruction '{keyword.raw}' should match the case of the majority "
                    f"({case}): '{expected}'",
                    fix=Fix(f"write {expected}", (replace_node(self.model, keyword, expected),)),
                )


class FromAsCasing(Rule):
    """`FROM` and `AS` should be written in the same case.

    ## What it does
    Reports `FROM image as name` (and `from image AS name`).

    ## Why
    BuildKit warns about it (`FromAsCasing`); consistent casing reads better.

    ## Example
    ```dockerfile
    FROM golang:1.23 as build
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    ```

    ## Fix safety
    Safe: the fix writes `AS` in the case of `FROM` (`AS` after `FROM`, `as` after
    `from`); BuildKit reads it case-insensitively.
    """

    code = "DLX007"
    name = "from-as-casing"
    aliases = ("FromAsCasing",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "always"

    def visit_from(self, instruction: Instruction) -> None:
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        if len(words) != 3 or words[1].value.lower() != "as":
            return
        keyword = instruction.keyword.raw
        as_word = words[1].value
        upper_from = keyword == keyword.upper()
        if (upper_from and as_word != "AS") or (keyword == keyword.lower() and as_word != "as"):
            expected = "AS" if upper_from else "as"
            self.report(
                words[1],
                f"'{as_word}' and '{keyword}' keywords' casing do not match",
                fix=Fix(f"write {expected}", (replace_node(self.model, words[1], expected),)),
            )


class LegacyKeyValueFormat(Rule):
    """`ENV key value` and `LABEL key value` are legacy; use `key=value`.

    ## What it does
    Reports ENV and LABEL instructions written in the space-separated form.

    ## Why
    BuildKit warns about it (`LegacyKeyValueFormat`). The legacy form takes the whole rest
    of the line as the value, so `ENV A 1 B 2` sets one variable `A` to `1 B 2`.

    ## Example
    ```dockerfile
    FROM alpine
    ENV APP_HOME /srv/app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    ENV APP_HOME=/srv/app
    ```

    ## Fix safety
    Safe: the fix joins the key and the value with `=` (`ENV APP_HOME=/srv/app`), and puts
    a value holding blanks in double quotes (`LABEL maintainer="Jane Doe"`); a value
    continued on further lines keeps its lines. It is only offered when BuildKit reads
    exactly the same value from the new form, which dlint checks with BuildKit's word
    rules (quotes, escapes and `$` expansion, with variables set and unset). No fix is
    offered for a value with blanks that also holds quotes or backslashes
    (`ENV A "x" y`), a value starting with `=` (`LABEL key = "value"`, which sets `key`
    to `= value`: the author meant something else), or a comment line between the key
    and the value.
    """

    code = "DLX008"
    name = "legacy-key-value-format"
    aliases = ("LegacyKeyValueFormat",)
    category = "syntax"
    # BuildKit warns; it is a formatting matter in well-written files (the official images
    # use it throughout), so dlint grades it as style: shown, but not failing a build.
    severity = Severity.STYLE
    fix = "sometimes"

    def visit_env(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_label(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            key = next(a for a in args if isinstance(a, Word))
            self.report(
                instruction.keyword if key is None else key,
                f'"{instruction.name} key=value" should be used instead of legacy '
                f'"{instruction.name} key value" format',
                fix=key_value_fix(self.model, instruction),
            )


class MaintainerDeprecated(Rule):
    """MAINTAINER is deprecated; use a label.

    ## What it does
    Reports the `MAINTAINER` instruction.

    ## Why
    It has been deprecated since Docker 1.13 (hadolint DL4000, BuildKit
    `MaintainerDeprecated`). The `org.opencontainers.image.authors` label carries the same
    information where tools look for it.

    ## Example
    ```dockerfile
    FROM alpine
    MAINTAINER Jane Doe <jane@example.com>
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    ```

    ## Fix safety
    Unsafe: the fix replaces the instruction with
    `LABEL org.opencontainers.image.authors="..."` (keyword case kept, `"`, `\\` and `$`
    escaped), so the image's legacy `Author` field is no longer set and the image gets
    that label (its value replaces the one the base image may give it). A MAINTAINER that
    spans continuation lines or sits in ONBUILD is not rewritten, nor one after a LABEL
    that sets `org.opencontainers.image.authors` (in the stage or a stage it is built
    on), whose value the new label would replace.
    """

    code = "DLX009"
    name = "maintainer-deprecated"
    aliases = ("DL4000", "MaintainerDeprecated")
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_maintainer(self, instruction: Instruction) -> None:
        self.report(
            instruction.keyword,
            "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=... instead",
            fix=self._fix(instruction),
        )

    def _fix(self, instruction: Instruction) -> Fix | None:
        if self.model.outer(instruction) is not instruction:
            return None
        if label_set_before(self.model, instruction, _AUTHORS):
            return None  # the new label would replace that one
        texts = [a for a in instruction.arguments if isinstance(a, Text)]
        if len(texts) != 1 or "\n" in texts[0].raw:
            return None
        value = texts[0].value.strip()
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
        keyword = instruction.keyword.raw
        label = "label" if keyword.islower() else "LABEL"
        start = self.model.index.span(instruction.keyword)[0]
        end = self.model.index.span(texts[0])[1]
        content = f'{label} {_AUTHORS}="{escaped}"'
        return Fix(
            "replace MAINTAINER with an authors LABEL",
            (Edit(start, end, content),),
            Applicability.UNSAFE,
        )


_AUTHORS = "org.opencontainers.image.authors"
_PORT = re.compile(r"(?P<port>\d+)(?:-(?P<end>\d+))?(?:/(?P<proto>[A-Za-z]+))?\Z")


class InvalidExpose(Rule):
    """EXPOSE takes container ports (0-65535), optionally with `/tcp`, `/udp` or `/sctp`.

    ## What it does
    Reports ports out of range, host-port mappings and IP addresses (`8080:80`,
    `127.0.0.1:80`), unknown protocols and words that are not ports.

    ## Why
    `EXPOSE` only documents container ports; a mapping belongs in `docker run -p`. BuildKit
    warns about mappings (`ExposeInvalidFormat`) and fails on bad ports; hadolint DL3011
    reports ports out of range.

    ## Example
    ```dockerfile
    FROM nginx
    EXPOSE 80:80 70000
    ```

    ## Use instead
    ```dockerfile
    FROM nginx
    EXPOSE 80
    ```

    ## Fix safety
    Safe: for a host-port mapping or an IP address (`8080:80`, `127.0.0.1:8080:80/udp`),
    the fix keeps the container port, the part after the last `:` (`80`, `80/udp`).
    BuildKit exposes only that port from a mapping, so the image is the same; where it
    rejected the host part (`127.0.0.1:80`), the build now works and exposes the port the
    line names. Ports out of range, unknown protocols, words that are not ports and
    words holding variables get no fix: the port meant cannot be known.
    """

    code = "DLX010"
    name = "invalid-expose"
    aliases = ("DL3011", "ExposeInvalidFormat")
    category = "syntax"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_expose(self, instruction: Instruction) -> None:
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            expanded = self.model.expand(word.value, instruction)
            if not expanded.complete:
                continue
            for port in expanded.text.split():
                problem = _expose_problem(port)
                if problem:
                    self.report(word, problem, fix=self._fix(word, port))

    def _fix(self, word: Word, port: str) -> Fix | None:
        if ":" not in port or port != word.value or word.raw != word.value:
            return None
        container = port.rpartition(":")[2]
        if not container or _expose_problem(container) is not None:
            return None
        return Fix(
            f"keep the container port {container}", (replace_node(self.model, word, container),)
        )


def _expose_problem(text: str) -> str | None:
    if ":" in text:
        return (
            f"EXPOSE {text!r} defines a host port or IP address; EXPOSE takes container ports "
            "only (map ports with docker run -p)"
        )
    match = _PORT.match(text)
    if match is None:
        return f"EXPOSE {text!r} is not a port (expected PORT[-PORT][/tcp|/udp|/sctp])"
    for number in (match.group("port"), match.group("end")):
        if number is not None and int(number) > 65535:
            return f"port {number} is out of range: valid ports are 0 to 65535"
    if match.group("end") is not None and int(match.group("end")) < int(match.group("port")):
        return f"port range {text!r} ends before it starts"
    proto = match.group("proto")
    if proto is not None and proto.lower() not in ("tcp", "udp", "sctp"):
        return f"unknown protocol {proto!r} (expected tcp, udp or sctp)"
    return None


class ExposeProtoCasing(Rule):
    """The protocol of an EXPOSE port should be lower case.

    ## What it does
    Reports `EXPOSE 80/TCP` and other upper- or mixed-case protocols.

    ## Why
    BuildKit warns about it (`ExposeProtoCasing`).

    ## Example
    ```dockerfile
    FROM nginx
    EXPOSE 53/UDP
    ```

    ## Use instead
    ```dockerfile
    FROM nginx
    EXPOSE 53/udp
    ```

    ## Fix safety
    Safe: the fix lower-cases the protocol (`53/UDP` → `53/udp`); BuildKit accepts any
    case and stores it lower-cased.
    """

    code = "DLX011"
    name = "expose-proto-casing"
    aliases = ("ExposeProtoCasing",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_expose(self, instruction: Instruction) -> None:
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            _, slash, proto = word.value.partition("/")
            if slash and proto != proto.lower() and proto.lower() in ("tcp", "udp", "sctp"):
                self.report(
                    word,
                    f"defined protocol '{proto}' in EXPOSE should be lowercase",
                    fix=self._fix(word, proto),
                )

    def _fix(self, word: Word, proto: str) -> Fix | None:
        if word.raw != word.value:  # split by a line continuation
            return None
        end = self.model.index.span(word)[1]
        edit = Edit(end - len(proto), end, proto.lower())
        return Fix(f"write {proto.lower()}", (edit,))


class InstructionBeforeFrom(Rule):
    """Only ARG (and comments) may come before the first FROM.

    ## What it does
    Reports any other instruction before the first `FROM`.

    ## Why
    BuildKit rejects it (hadolint DL3061): there is no stage yet for it to apply to.

    ## Example
    ```dockerfile
    RUN echo hi
    FROM alpine
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN echo hi
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "DLX012"
    name = "instruction-before-from"
    aliases = ("DL3061",)
    category = "syntax"
    severity = Severity.ERROR

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.seen_from = False

    def visit_instruction(self, instruction: Instruction) -> None:
        if self.model.outer(instruction) is not instruction:
            return
        if instruction.name == "FROM":
            self.seen_from = True
        elif not self.seen_from and instruction.name != "ARG":
            if isinstance(instruction, ErrorInstruction) and instruction.issues[0].code == "DLX002":
                return
            self.report(
                instruction.keyword,
                f"{instruction.name} before the first FROM: only ARG may come before FROM",
            )


class OnbuildMisuse(_IssueRule):
    """ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.

    ## What it does
    Reports `ONBUILD ONBUILD ...`, `ONBUILD FROM ...` and `ONBUILD MAINTAINER ...`.

    ## Why
    BuildKit rejects them (hadolint DL3043).

    ## Example
    ```dockerfile
    FROM alpine
    ONBUILD FROM alpine
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    ONBUILD RUN echo "runs in child images"
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "DLX013"
    name = "onbuild-misuse"
    aliases = ("DL3043",)
    category = "syntax"
    severity = Severity.ERROR


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    ## What it does
    Reports `# dlint: ignore=...`, `# hadolint ignore=...` and `# check=skip=...` selectors
    whose rules ran but reported nothing on that instruction (or, for file-wide ones, in the
    file). ShellCheck codes and codes of rules dlint does not have are never called unused.

    ## Why
    Stale suppressions hide future problems and mislead readers.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    # dlint: ignore=maintainer-deprecated
    RUN echo hi
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN echo hi
    ```

    ## Fix safety
    Safe: the fix removes the unused selectors from the comment and keeps the others and
    the reason (`# dlint: ignore=DL3008,DLX009 -- why` → `# dlint: ignore=DL3008 -- why`);
    when none is left it removes the comment line (for a `# check=skip=...;error=true`
    comment, only its `skip=` part). The build does not read these comments, and the
    selectors suppressed nothing in this run. Another tool reading the same comment
    (hadolint, BuildKit's checks) may still have used a `# hadolint` or `# check=`
    selector that dlint's rules did not need.
    """

    code = "DLX014"
    name = "unused-suppression"
    category = "syntax"
    severity = Severity.INFO
    fix = "sometimes"

    @classmethod
    def suppression_fix(
        cls,
        model: DockerfileModel,
        suppression: Suppression,
        selectors: Collection[str],
        registry: Registry,
    ) -> Fix | None:
        """The fix of the finding on ``suppression`` whose ``selectors`` are unused (the
        lint engine reports this rule's findings and calls this to attach the fix)."""
        return remove_selectors_fix(model, suppression, selectors)


class InvalidSuppression(Rule):
    """A suppression comment dlint cannot use.

    ## What it does
    Reports malformed suppression comments, unknown rule codes in them, and suppressions
    separated from their instruction by a blank line (so they apply to nothing).

    ## Why
    A suppression that does not apply lets the finding through while looking like it is
    handled.

    ## Example
    ```dockerfile
    FROM alpine
    # dlint: ignore DL3018

    RUN apk add curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    # dlint: ignore=DL3018 -- versions are pinned by the base image
    RUN apk add curl
    ```

    ## Fix safety
    Unsafe: for a selector that names no rule but is close to one (the message says
    `did you mean ...?`), the fix replaces it with that rule's code or name
    (`# hadolint ignore=DL3080` → `DL3008`). The suppression then hides findings it did
    not hide before, and the suggestion is a guess, so review it. A malformed comment, a
    selector with no close match, and a suppression cut off from its instruction by a
    blank line get no fix: what the comment was meant to cover cannot be known.
    """

    code = "DLX015"
    name = "invalid-suppression"
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    @classmethod
    def suppression_fix(
        cls,
        model: DockerfileModel,
        suppression: Suppression,
        selectors: Collection[str],
        registry: Registry,
    ) -> Fix | None:
        """The fix of the finding on ``suppression`` (the lint engine reports this rule's
        findings and calls this to attach the fix); ``selectors`` are the unknown ones."""
        if suppression.error is not None:
            return None
        return replace_selectors_fix(model, suppression, suggested_selectors(registry, selectors))


SYNTAX_RULES: tuple[type[Rule], ...] = (
    SyntaxError_,
    UnknownInstruction,
    InvalidDirective,
    MisplacedDirective,
    EmptyContinuationLine,
    ConsistentInstructionCasing,
    FromAsCasing,
    LegacyKeyValueFormat,
    MaintainerDeprecated,
    InvalidExpose,
    ExposeProtoCasing,
    InstructionBeforeFrom,
    OnbuildMisuse,
    UnusedSuppression,
    InvalidSuppression,
)
