"""Hand-written tests for each construct the parser must handle, with exact positions."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from dlint_dockerfile.syntax import (
    BlankLine,
    CommentLine,
    Dockerfile,
    ErrorInstruction,
    ExecForm,
    Flag,
    Instruction,
    JsonString,
    KeyValue,
    PositionIndex,
    ShellForm,
    Text,
    Trivia,
    Word,
    dump_buildkit,
    lines,
    parse,
)
from dlint_dockerfile.syntax.lines import LineIndex


def dump(text: str) -> list[str]:
    tree = parse(text)
    assert tree.code == text
    return dump_buildkit(tree).splitlines()


def where(tree: Dockerfile, node: object) -> str:
    index = PositionIndex(tree)
    r = index.range(node)  # type: ignore[arg-type]
    return f"{r.start}-{r.end}"


def issues(tree: Dockerfile) -> list[tuple[str, str]]:
    index = PositionIndex(tree)
    out = []
    for ins in tree.instructions:
        for issue in ins.issues:
            r = index.issue_range(ins, issue)
            out.append((issue.message, f"{r.start}-{r.end}"))
    for directive in tree.directives:
        if directive.issue:
            r = index.issue_range(directive, directive.issue)
            out.append((directive.issue.message, f"{r.start}-{r.end}"))
    return out


# ---------------------------------------------------------------- lossless text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "FROM a",
        "FROM a\n",
        "\ufeffFROM a\n",
        "FROM a\r\nRUN x\r\n",
        "FROM a\r\nRUN x\nRUN y\r\n",
        "FROM a\rRUN x\n",
        "FROM\ta\t\t\nRUN\t\tx  \t\n",
        "FROM a   \n  RUN x\\   \n   y   \n",
        "FROM a\nRUN x \\\n# comment\n\n   \n  y\n",
        "FROM a\nRUN echo \x00 \\\n\x00\n",
        "FROM a\nRUN x \\",
        "FROM a\nRUN x \\\n",
        "# only a comment",
        "FROM a\n\n\n# trailing comment\n\n",
        "FROM a\r\n\r\n",
        "FROM a\nRUN <<EOF\r\nbody\r\nEOF\r\n",
        "FROM a\nRUN \\\r\n  x\r\n",
    ],
)
def test_round_trip_awkward_text(text: str) -> None:
    assert parse(text).code == text


def test_bom_is_kept_and_not_a_column() -> None:
    tree = parse("\ufeffFROM a\n")
    assert tree.bom == "\ufeff"
    assert dump_buildkit(tree) == '(from "a")\n'
    assert where(tree, tree.instructions[0].keyword) == "1:1-1:5"


def test_crlf_is_not_part_of_values() -> None:
    tree = parse("FROM a\r\nRUN echo hi\r\n")
    run = tree.instructions[1]
    assert run.values == ("echo hi",)
    assert run.newline.raw == "\r\n"


def test_mixed_line_endings_and_trailing_whitespace() -> None:
    assert dump("FROM a  \r\nRUN x \t\nRUN y\r\r\n") == ['(from "a")', '(run "x")', '(run "y")']


def test_no_final_newline() -> None:
    tree = parse("FROM a\nRUN x")
    assert tree.instructions[-1].newline.raw == ""
    assert dump_buildkit(tree) == '(from "a")\n(run "x")\n'


# ----------------------------------------------------------- leading and trailing


def test_comments_and_blank_lines_belong_to_the_next_instruction() -> None:
    tree = parse("FROM a\n\n# install\n  # indented\nRUN x\n\n# end\n")
    run = tree.instructions[1]
    assert [type(line) for line in run.leading] == [BlankLine, CommentLine, CommentLine]
    assert run.leading[1].text == "install"
    assert [type(line) for line in tree.footer] == [BlankLine, CommentLine]


# ------------------------------------------------------------------- directives


def test_directives_at_top() -> None:
    tree = parse(
        "# syntax=docker/dockerfile:1\n#check=skip=JSONArgsRecommended\n# escape=`\nFROM a\n"
    )
    assert [(d.name, d.value) for d in tree.directives] == [
        ("syntax", "docker/dockerfile:1"),
        ("check", "skip=JSONArgsRecommended"),
        ("escape", "`"),
    ]
    assert tree.escape == "`"
    assert tree.directive("check") is not None


def test_directive_names_are_case_insensitive_and_spaced() -> None:
    tree = parse("#  SYNTAX  =  foo/bar  \nFROM a\n")
    assert [(d.name, d.value) for d in tree.directives] == [("syntax", "foo/bar")]


def test_directive_after_comment_or_blank_is_a_comment() -> None:
    for text in ("# hello\n# escape=`\nFROM a\n", "\n# escape=`\nFROM a\n", "FROM a\n# escape=`\n"):
        tree = parse(text)
        assert tree.directives == ()
        assert tree.escape == "\\"


def test_unknown_directive_ends_directives() -> None:
    tree = parse("# foo=bar\n# escape=`\nFROM a\n")
    assert tree.directives == ()


def test_directive_only_once() -> None:
    tree = parse("# escape=`\n# escape=\\\nFROM a\nRUN x `\n y\n")
    assert issues(tree) == [("only one escape parser directive can be used", "2:1-2:11")]
    assert tree.escape == "`"
    assert tree.instructions[1].values == ("x  y",)


def test_invalid_escape_directive() -> None:
    tree = parse("# escape=x\nFROM a\n")
    assert issues(tree) == [("invalid escape token 'x' does not match ` or \\", "1:1-1:11")]
    assert tree.escape == "\\"


# --------------------------------------------------------------- continuations


def test_backtick_escape_and_backslash_is_plain() -> None:
    text = "# escape=`\nFROM a\nRUN dir c:\\ `\n   && echo done\nCOPY a\\b c\n"
    assert dump(text)[1:] == ['(run "dir c:\\\\    && echo done")', '(copy "a\\\\b" "c")']


def test_escaped_escape_does_not_continue() -> None:
    assert dump("FROM a\nENV C x\\\\\nENV D y\n")[1:] == [
        '(env "C" "x\\\\\\\\" "")',
        '(env "D" "y" "")',
    ]


def test_spaces_after_escape_still_continue() -> None:
    assert dump("FROM a\nRUN a \\  \t\n b\n")[1] == '(run "a  b")'


def test_comment_and_empty_lines_inside_continuation() -> None:
    tree = parse("FROM a\nRUN a \\\n  # note\n\n   \n  b\nRUN c\n")
    run = tree.instructions[1]
    assert run.values == ("a   b",)
    assert where(tree, run.shell_form) == "2:5-6:4"
    assert dump_buildkit(tree).splitlines()[2] == '(run "c")'


def test_continuation_at_end_of_file() -> None:
    assert dump("FROM a\nRUN x \\")[1] == '(run "x")'


def test_line_of_only_escape_continues() -> None:
    assert dump("FROM a\nENV E hello\\\n\\\nworld\n")[1] == '(env "E" "helloworld" "")'


# ------------------------------------------------------------------- exec form


def test_exec_form_elements_and_positions() -> None:
    tree = parse('FROM a\nCMD [ "echo",\t"hi there" ]\n')
    cmd = tree.instructions[1]
    form = cmd.exec_form
    assert isinstance(form, ExecForm)
    assert form.values == ("echo", "hi there")
    assert [where(tree, e) for e in form.elements] == ["2:7-2:13", "2:15-2:25"]
    assert cmd.is_json


def test_exec_form_json_escapes() -> None:
    tree = parse('FROM a\nCMD ["\\u00e9\\n", "\\"q\\""]\n')
    assert tree.instructions[1].values == ("é\n", '"q"')


def test_exec_form_across_continuation() -> None:
    tree = parse('FROM a\nENTRYPOINT ["a", \\\n    "b"]\n')
    ins = tree.instructions[1]
    assert ins.values == ("a", "b")
    assert ins.is_json
    assert where(tree, ins.exec_form.elements[1]) == "3:5-3:8"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "args",
    [
        "['a', 'b']",
        '["a", "b"',
        '["a" "b"]',
        '["a",]',
        '["a"] trailing',
        "[NaN]",
        '[\v"a"]',
    ],
)
def test_invalid_json_falls_back_to_shell_form(args: str) -> None:
    tree = parse(f"FROM a\nCMD {args}\n")
    cmd = tree.instructions[1]
    assert isinstance(cmd.shell_form, ShellForm)
    assert cmd.values == (args,)
    assert not cmd.issues


def test_json_with_non_strings_is_an_error_at_the_element() -> None:
    tree = parse('FROM a\nRUN ["a", {"b": 1}, "c"]\nRUN ok\n')
    assert isinstance(tree.instructions[1], ErrorInstruction)
    assert issues(tree) == [
        ("when using JSON array syntax, arrays must be comprised of strings only", "2:11-2:19")
    ]
    assert tree.instructions[2].values == ("ok",)


def test_copy_json_and_whitespace_list() -> None:
    assert dump('FROM a\nCOPY ["a b", "/c"]\nADD x  y\tz\n')[1:] == [
        '(copy "a b" "/c")',
        '(add "x" "y" "z")',
    ]


# ------------------------------------------------------------------------ flags


@pytest.mark.parametrize(
    "flag",
    [
        "--from=build",
        "--chown=1000:1000",
        "--chmod=755",
        "--link",
        "--link=false",
        "--parents",
        "--exclude=*.md",
        "--keep-git-dir=true",
        "--checksum=sha256:abc",
        "--unpack=true",
        "--platform=$BUILDPLATFORM",
        "--mount=type=cache,target=/root/.cache",
        "--network=none",
        "--security=insecure",
        "--made-up=1",
    ],
)
def test_flags_are_kept_with_exact_range(flag: str) -> None:
    tree = parse(f"FROM a\nCOPY {flag} src dst\n")
    copy = tree.instructions[1]
    assert [f.value for f in copy.flags] == [flag]
    assert where(tree, copy.flags[0]) == f"2:6-2:{6 + len(flag)}"
    assert copy.values == ("src", "dst")


def test_flag_names_arguments_and_quotes() -> None:
    tree = parse('FROM a\nRUN --mount="type=secret,id=x" --network=none --flag -- echo hi\n')
    run = tree.instructions[1]
    assert [(f.name, f.argument) for f in run.flags] == [
        ("mount", "type=secret,id=x"),
        ("network", "none"),
        ("flag", None),
    ]
    assert run.flag("network") is not None
    assert run.values == ("echo hi",)
    assert dump_buildkit(tree).splitlines()[1] == (
        '(run ["--mount=type=secret,id=x" "--network=none" "--flag"] "echo hi")'
    )


def test_flags_spanning_a_continuation() -> None:
    tree = parse("FROM a\nRUN --mount=type=cache,\\\ntarget=/x echo\n")
    run = tree.instructions[1]
    assert run.flags[0].value == "--mount=type=cache,target=/x"
    assert where(tree, run.flags[0]) == "2:5-3:10"
    assert run.values == ("echo",)
    # an indented continuation splits the word, exactly as BuildKit does
    split = parse("FROM a\nRUN --mount=type=cache,\\\n  target=/x echo\n").instructions[1]
    assert [f.value for f in split.flags] == ["--mount=type=cache,"]
    assert split.values == ("target=/x echo",)


def test_from_platform_flag() -> None:
    assert dump("FROM --platform=linux/amd64 alpine AS base\n") == [
        '(from ["--platform=linux/amd64"] "alpine" "AS" "base")'
    ]


# -------------------------------------------------------------------- heredocs


def test_heredoc_simple() -> None:
    tree = parse("FROM a\nRUN <<EOF\necho hi\nEOF\nRUN after\n")
    run = tree.instructions[1]
    (doc,) = run.heredocs
    assert (doc.name, doc.body, doc.terminator, doc.expand, doc.chomp) == (
        "EOF",
        "echo hi\n",
        "EOF\n",
        True,
        False,
    )
    assert where(tree, doc) == "3:1-5:1"
    assert tree.instructions[2].values == ("after",)


def test_heredoc_chomp_and_quoted() -> None:
    tree = parse("FROM a\nRUN <<-'EOT' bash\n\techo $HOME\n\tEOT\n")
    (doc,) = tree.instructions[1].heredocs
    assert doc.chomp and not doc.expand
    assert doc.content == "echo $HOME\n"


@pytest.mark.parametrize("separator", ["\x0c", "\r", "\x85", "\u2028", "\x1c"])
def test_heredoc_chomp_strips_tabs_after_newlines_only(separator: str) -> None:
    """BuildKit removes leading tabs with Go's ``(?m)^\\t+``: only ``\\n`` starts a line."""
    tree = parse(f"FROM a\nRUN <<-EOF\n\ta{separator}\tb\r\n\tc\n\tEOF\n")
    (doc,) = tree.instructions[1].heredocs
    assert doc.content == f"a{separator}\tb\r\nc\n"


def test_several_heredocs_on_one_line_in_copy() -> None:
    tree = parse('FROM a\nCOPY <<one <<"two" /dst/\n1\none\n2\ntwo\nRUN x\n')
    copy = tree.instructions[1]
    assert [(d.name, d.body, d.expand) for d in copy.heredocs] == [
        ("one", "1\n", True),
        ("two", "2\n", False),
    ]
    assert copy.values == ("<<one", '<<"two"', "/dst/")
    assert tree.instructions[2].values == ("x",)


def test_heredoc_with_fd_and_redirect() -> None:
    tree = parse("FROM a\nRUN cat 3<<EOF > /f\nx\nEOF\n")
    (doc,) = tree.instructions[1].heredocs
    assert (doc.name, doc.fd) == ("EOF", 3)


def test_heredoc_in_onbuild() -> None:
    tree = parse("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n")
    onbuild = tree.instructions[1]
    assert [d.name for d in onbuild.heredocs] == ["EOF"]
    assert dump_buildkit(tree).splitlines()[1] == '(onbuild (run "<<EOF"))'


def test_no_heredoc_in_quotes_json_or_other_instructions() -> None:
    for text in (
        'FROM a\nRUN echo "<<EOF"\nEOF\n',
        'FROM a\nRUN ["cat", "<<EOF"]\nEOF\n',
        "FROM a\nENV X <<EOF\nEOF\n",
        "FROM a\nRUN cat<<EOF\nEOF\n",
    ):
        tree = parse(text)
        assert all(not i.heredocs for i in tree.instructions), text


def test_unterminated_heredoc_recovers_at_next_instruction() -> None:
    tree = parse("FROM a\nRUN cat <<EOF\nline\nRUN echo next\n")
    assert issues(tree) == [
        (
            "unterminated heredoc: no line 'EOF' closes it; its body is taken to end before line 4",
            "2:9-2:14",
        )
    ]
    assert tree.instructions[1].heredocs[0].body == "line\n"
    assert tree.instructions[2].values == ("echo next",)


def test_heredoc_after_continued_line() -> None:
    tree = parse("FROM a\nRUN cat \\\n  <<EOF\nbody\nEOF\n")
    assert tree.instructions[1].heredocs[0].body == "body\n"


# ------------------------------------------------------------------ ONBUILD etc.


def test_onbuild_wraps_inner_instruction() -> None:
    tree = parse('FROM a\nonbuild copy --from=x ["a", "b"]\n')
    onbuild = tree.instructions[1]
    inner = onbuild.inner
    assert isinstance(inner, Instruction)
    assert inner.name == "COPY"
    assert [f.value for f in inner.flags] == ["--from=x"]
    assert inner.is_json
    assert where(tree, inner) == "2:9-2:33"
    assert dump_buildkit(tree).splitlines()[1] == '(onbuild (copy ["--from=x"] "a" "b"))'


@pytest.mark.parametrize("inner", ["ONBUILD RUN x", "FROM b", "MAINTAINER me"])
def test_onbuild_forbidden_triggers(inner: str) -> None:
    tree = parse(f"FROM a\nONBUILD {inner}\n")
    assert isinstance(tree.instructions[1], ErrorInstruction)


def test_keywords_are_case_insensitive_and_keep_case() -> None:
    tree = parse("from a\nRuN x\nCoPy b c\n")
    assert [i.name for i in tree.instructions] == ["FROM", "RUN", "COPY"]
    assert [i.keyword.raw for i in tree.instructions] == ["from", "RuN", "CoPy"]
    assert dump_buildkit(tree) == '(from "a")\n(run "x")\n(copy "b" "c")\n'


# -------------------------------------------------------------------- ENV/LABEL


def test_env_and_label_both_forms() -> None:
    tree = parse('FROM a\nENV A 1 2\nENV B=1 C="x y"\nLABEL k=v\nLABEL old value here\n')
    env_old, env_new, label_new, label_old = tree.instructions[1:]
    assert [type(a) for a in env_old.arguments] == [Word, Text]
    assert env_old.values == ("A", "1 2", "")
    assert [type(a) for a in env_new.arguments] == [KeyValue, KeyValue]
    assert [(a.key, a.value) for a in env_new.arguments] == [("B", "1"), ("C", '"x y"')]  # type: ignore[attr-defined]
    assert label_new.values == ("k", "v", "=")
    assert label_old.values == ("old", "value here", "")


def test_env_errors() -> None:
    tree = parse("FROM a\nENV A=1 B\nENV C\nRUN x\n")
    assert issues(tree) == [
        ('Syntax error - can\'t find = in "B". Must be of the form: name=value', "2:9-2:10"),
        ("ENV must have two arguments", "3:5-3:6"),
    ]


def test_arg_words() -> None:
    assert dump('ARG a b="1 2" c=\nFROM x\n')[0] == '(arg "a" "b=\\"1 2\\"" "c=")'


# ------------------------------------------------------------------ bad lines


def test_unknown_instruction_is_an_error_node_and_parsing_continues() -> None:
    tree = parse("FROM a\nRUNN apk add x\nRUN ok\n")
    bad = tree.instructions[1]
    assert isinstance(bad, ErrorInstruction)
    assert issues(tree) == [("unknown instruction: RUNN (did you mean RUN?)", "2:1-2:5")]
    assert tree.instructions[2].values == ("ok",)
    assert dump_buildkit(tree).splitlines()[1] == '(runn "")'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FROM\n", "FROM requires either one or three arguments"),
        ("FROM a b\n", "FROM requires either one or three arguments"),
        ("FROM a BS b\n", "FROM expects 'AS <name>', found 'BS'"),
        (
            "FROM a\nCOPY x\n",
            "COPY requires at least two arguments, but only one was provided. "
            "Destination could not be determined.",
        ),
        ("FROM a\nADD\n", "ADD requires at least two arguments"),
        ("FROM a\nWORKDIR\n", "WORKDIR requires exactly one argument"),
        ("FROM a\nUSER\n", "USER requires exactly one argument"),
        ("FROM a\nEXPOSE\n", "EXPOSE requires at least one argument"),
        ("FROM a\nSHELL bash -c\n", "SHELL requires the arguments to be in JSON form"),
        ("FROM a\nHEALTHCHECK\n", "HEALTHCHECK requires at least one argument"),
        ("FROM a\nHEALTHCHECK CMD\n", "Missing command after HEALTHCHECK CMD"),
        ("FROM a\nHEALTHCHECK NONE x\n", "HEALTHCHECK NONE takes no arguments"),
        ("FROM a\nHEALTHCHECK FOO x\n", 'Unknown type "FOO" in HEALTHCHECK (try CMD)'),
        ("FROM a\nONBUILD\n", "ONBUILD requires at least one argument"),
    ],
)
def test_missing_or_malformed_arguments(text: str, message: str) -> None:
    tree = parse(text + "RUN after\n")
    assert [m for m, _ in issues(tree)] == [message]
    assert tree.instructions[-1].values == ("after",)


def test_error_in_the_middle_keeps_everything_else() -> None:
    text = 'FROM a\nRUN one\nCMD ["x", 1]\nENV BROKEN\nFOO bar\nRUN two\nCOPY a b\n'
    tree = parse(text)
    assert tree.code == text
    assert [i.name for i in tree.instructions] == [
        "FROM",
        "RUN",
        "CMD",
        "ENV",
        "FOO",
        "RUN",
        "COPY",
    ]
    assert [type(i) is ErrorInstruction for i in tree.instructions] == [
        False,
        False,
        True,
        True,
        True,
        False,
        False,
    ]


def test_file_with_no_instructions() -> None:
    tree = parse("# just a comment\n")
    assert [i.message for i in tree.issues] == ["file with no instructions"]


def test_overlong_line_is_reported() -> None:
    text = "FROM a\nRUN echo " + "x" * 70000 + "\nRUN y\n"
    tree = parse(text)
    assert tree.code == text
    assert "longer than BuildKit's limit" in tree.issues[0].message
    assert tree.instructions[2].values == ("y",)


# ------------------------------------------------------------------- positions


def test_positions_of_multi_line_instruction() -> None:
    text = "FROM a\n\n# c\nRUN apt-get update \\\n    && apt-get install -y \\\n       curl\n"
    tree = parse(text)
    index = PositionIndex(tree)
    run = tree.instructions[1]
    assert str(index.range(run)) == "2:1-7:1"  # leading lines and the newline included
    assert index.lines.position(index.body_start(run)).line == 4
    assert where(tree, run.keyword) == "4:1-4:4"
    assert where(tree, run.shell_form) == "4:5-6:12"


def test_utf16_columns() -> None:
    tree = parse('FROM a\nLABEL x="😀é" y=z\n')
    label = tree.instructions[1]
    index = PositionIndex(tree)
    second = index.range(label.arguments[1])
    assert (second.start.column, second.start.column_utf16) == (14, 15)
    assert index.lines.offset_utf16(2, 15) == second.start.offset


def test_long_texts_keep_line_starts_in_an_array(monkeypatch: pytest.MonkeyPatch) -> None:
    """Line starts go to an array past `_LIST_UP_TO` lines: same lines and columns."""
    text = "".join(f"RUN echo {'é' * (i % 7)}😀 {i}\r\n" if i % 3 else "\n" for i in range(400))
    text = "\ufeff" + text + "RUN end"
    listed = LineIndex(text)
    monkeypatch.setattr(lines, "_LIST_UP_TO", 10)
    arrayed = LineIndex(text)
    assert isinstance(arrayed._starts, array) and isinstance(listed._starts, list)
    for offset in range(-1, len(text) + 2):
        assert arrayed.position(offset) == listed.position(offset)
        assert arrayed.line(offset) == listed.line(offset) == listed.position(offset).line
    for line in range(0, arrayed.line_count + 2):
        for column in (1, 2, 9, 40):
            assert arrayed.offset(line, column) == listed.offset(line, column)
            assert arrayed.offset_utf16(line, column) == listed.offset_utf16(line, column)


def test_tabs_count_as_one_column() -> None:
    tree = parse("FROM\t\ta\n")
    assert where(tree, tree.instructions[0].arguments[0]) == "1:7-1:8"


# ------------------------------------------------------------ immutability etc.


def test_nodes_are_immutable_to_the_type_checker(tmp_path: Path) -> None:
    """Nodes, shell words and diagnostics are records (`dlint_dockerfile._record`): assigning a
    field is a type error; the test fails if they stop being seen as frozen."""
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "assign.py"
    snippet.write_text(
        "from dlint_dockerfile.lint.diagnostic import Diagnostic\n"
        "from dlint_dockerfile.shell.script import ShellWord\n"
        "from dlint_dockerfile.syntax import Position, parse\n"
        "parse('FROM a\\n').instructions[0].keyword.raw = 'RUN'\n"
        "ShellWord('a', 'a', 0, 1).value = 'b'\n"
        "def f(d: Diagnostic, p: Position) -> None:\n"
        "    d.code = 'X'\n"
        "    p.line = 2\n"
    )
    out, _, status = api.run(["--no-incremental", "--follow-imports=silent", str(snippet)])
    assert status == 1
    assert out.count("is read-only") == 4, out


def test_with_changes_builds_new_tree() -> None:
    tree = parse("FROM a\nADD x y\n")
    add = tree.instructions[1]
    new_add = add.with_changes(parts=(add.keyword.with_changes(raw="COPY"), *add.parts[1:]))
    new_tree = tree.with_changes(instructions=(tree.instructions[0], new_add))
    assert new_tree.code == "FROM a\nCOPY x y\n"
    assert tree.code == "FROM a\nADD x y\n"


def test_visitor_sees_every_node_in_order() -> None:
    from dlint_dockerfile.syntax import Visitor

    class Collect(Visitor):
        def __init__(self) -> None:
            self.flags: list[str] = []
            self.strings: list[str] = []

        def visit_Flag(self, node: Flag) -> None:
            self.flags.append(node.value)

        def visit_JsonString(self, node: JsonString) -> None:
            self.strings.append(node.value)

    tree = parse('FROM --platform=x a\nONBUILD COPY --from=b y z\nCMD ["p", "q"]\n')
    visitor = Collect()
    visitor.visit(tree)
    assert visitor.flags == ["--platform=x", "--from=b"]
    assert visitor.strings == ["p", "q"]


def test_transformer_rewrites_keywords() -> None:
    from dlint_dockerfile.syntax import Keyword, Transformer

    class Upper(Transformer):
        def leave_Keyword(self, original: Keyword, updated: Keyword) -> Keyword:
            return updated.with_changes(raw=updated.raw.upper())

    text = "from a\nonbuild run x\n# c\nrun y \\\n  z\n"
    tree = parse(text)
    new = Upper().transform(tree)
    assert new.code == "FROM a\nONBUILD RUN x\n# c\nRUN y \\\n  z\n"
    assert tree.code == text


def test_trivia_between_tokens() -> None:
    tree = parse("RUN   x\n")
    run = tree.instructions[0]
    assert isinstance(run.parts[1], Trivia)
    assert run.parts[1].raw == "   "
