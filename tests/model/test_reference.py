"""Image references, checked against what distribution/reference's own tests show.

The cases follow the tables of ``reference_test.go`` (``TestReferenceParse``,
``TestDomainAndPath``) and ``normalize_test.go`` (``TestValidateReferenceName``,
``TestValidateRemoteName``, ``TestParseRepositoryInfo``, ``TestNormalizedSplitHostname``,
``TestParseReferenceWithTagAndDigest``, ``TestInvalidReferenceComponents``,
``TestParseAnyReference``) in github.com/distribution/reference. BuildKit reads ``FROM`` with
``ParseNormalizedNamed``, so cases that upstream runs through the un-normalised ``Parse`` are
written here with their normalised registry and repository.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlint_dockerfile.model.reference import (
    ImageReference,
    ImageReferenceError,
    ReferenceError,
    has_variables,
    parse_reference,
)

F64 = "f" * 64
SHA = f"sha256:{F64}"
SHA512 = "sha512:" + "f" * 128
HEX = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"

# input, registry, repository, tag, digest
VALID: list[tuple[str, str, str, str | None, str | None]] = [
    ("test_com", "docker.io", "library/test_com", None, None),
    ("test.com:tag", "docker.io", "library/test.com", "tag", None),
    ("test.com:5000", "docker.io", "library/test.com", "5000", None),
    ("test.com/repo:tag", "test.com", "repo", "tag", None),
    ("test:5000/repo", "test:5000", "repo", None, None),
    ("test:5000/repo:tag", "test:5000", "repo", "tag", None),
    (f"test:5000/repo@{SHA}", "test:5000", "repo", None, SHA),
    (f"test:5000/repo:tag@{SHA}", "test:5000", "repo", "tag", SHA),
    ("lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase", None),
    (
        "a/" * 127 + "a:tag-puts-this-over-max",
        "docker.io",
        "a/" * 127 + "a",
        "tag-puts-this-over-max",
        None,
    ),
    ("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", None, None),
    (
        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
        "sub-dom1.foo.com",
        "bar/baz/quux",
        "some-long-tag",
        None,
    ),
    (
        "b.gcr.io/test.example.com/my-app:test.example.com",
        "b.gcr.io",
        "test.example.com/my-app",
        "test.example.com",
        None,
    ),
    ("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", None),
    (
        f"xn--7o8h.com/myimage:xn--7o8h.com@{SHA512}",
        "xn--7o8h.com",
        "myimage",
        "xn--7o8h.com",
        SHA512,
    ),
    ("foo_bar.com:8080", "docker.io", "library/foo_bar.com", "8080", None),
    ("foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "8080", None),
    ("192.168.1.1", "docker.io", "library/192.168.1.1", None, None),
    ("192.168.1.1:tag", "docker.io", "library/192.168.1.1", "tag", None),
    ("192.168.1.1:5000", "docker.io", "library/192.168.1.1", "5000", None),
    ("192.168.1.1/repo", "192.168.1.1", "repo", None, None),
    ("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", None, None),
    ("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", None),
    ("[2001:db8::1]/repo", "[2001:db8::1]", "repo", None, None),
    ("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", None),
    ("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", None, None),
    ("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", None),
    (f"[2001:db8::1]:5000/repo@{SHA}", "[2001:db8::1]:5000", "repo", None, SHA),
    (f"[2001:db8::1]:5000/repo:tag@{SHA}", "[2001:db8::1]:5000", "repo", "tag", SHA),
    ("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", None, None),
    ("[::1]:5000/repo", "[::1]:5000", "repo", None, None),
    ("[::1]:5000/foo", "[::1]:5000", "foo", None, None),
    # TestValidateReferenceName, TestValidateRemoteName
    ("docker/docker", "docker.io", "docker/docker", None, None),
    ("library/debian", "docker.io", "library/debian", None, None),
    ("debian", "docker.io", "library/debian", None, None),
    ("docker.io/docker/docker", "docker.io", "docker/docker", None, None),
    ("docker.io/library/debian", "docker.io", "library/debian", None, None),
    ("docker.io/debian", "docker.io", "library/debian", None, None),
    ("index.docker.io/docker/docker", "docker.io", "docker/docker", None, None),
    ("index.docker.io/library/debian", "docker.io", "library/debian", None, None),
    ("index.docker.io/debian", "docker.io", "library/debian", None, None),
    ("127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", None, None),
    ("127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", None, None),
    ("127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", None, None),
    ("192.168.0.1", "docker.io", "library/192.168.0.1", None, None),
    ("192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", None),
    ("192.168.0.1:8/debian", "192.168.0.1:8", "debian", None, None),
    ("192.168.0.2:25000/debian", "192.168.0.2:25000", "debian", None, None),
    (
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "docker.io",
        "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        None,
        None,
    ),
    ("[fc00::1]:5000/docker", "[fc00::1]:5000", "docker", None, None),
    ("[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", None, None),
    (
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "[fc00:1:2:3:4:5:6:7]:5000",
        "library/debian",
        None,
        None,
    ),
    # a 64-hex path component is fine once a registry removes the ambiguity
    (f"docker.io/{HEX}", "docker.io", f"library/{HEX}", None, None),
    ("Docker/docker", "Docker", "docker", None, None),
    ("DOCKER/docker", "DOCKER", "docker", None, None),
    ("docker-rules/docker", "docker.io", "docker-rules/docker", None, None),
    ("docker---rules/docker", "docker.io", "docker---rules/docker", None, None),
    ("doc/docker", "docker.io", "doc/docker", None, None),
    ("d/docker", "docker.io", "d/docker", None, None),
    ("jess/t", "docker.io", "jess/t", None, None),
    ("dock__er/docker", "docker.io", "dock__er/docker", None, None),
    # TestNormalizedSplitHostname, TestDomainAndPath
    ("test.com/foo", "test.com", "foo", None, None),
    ("test_com/foo", "docker.io", "test_com/foo", None, None),
    ("docker/migrator", "docker.io", "docker/migrator", None, None),
    ("test:8080/foo", "test:8080", "foo", None, None),
    ("test.com:8080/foo", "test.com:8080", "foo", None, None),
    ("test-com:8080/foo", "test-com:8080", "foo", None, None),
    ("foo", "docker.io", "library/foo", None, None),
    ("xn--n3h.com/foo", "xn--n3h.com", "foo", None, None),
    ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", None, None),
    ("docker.io/foo", "docker.io", "library/foo", None, None),
    ("docker.io/library/foo", "docker.io", "library/foo", None, None),
    ("docker.io/library/foo/bar", "docker.io", "library/foo/bar", None, None),
    # TestParseAnyReference, read the way ParseNormalizedNamed (and so BuildKit) reads it
    ("redis", "docker.io", "library/redis", None, None),
    ("redis:latest", "docker.io", "library/redis", "latest", None),
    (f"redis@sha256:{HEX}", "docker.io", "library/redis", None, f"sha256:{HEX}"),
    ("dmcgowan/myapp:latest", "docker.io", "dmcgowan/myapp", "latest", None),
    (
        f"docker.io/dmcgowan/myapp@sha256:{HEX}",
        "docker.io",
        "dmcgowan/myapp",
        None,
        f"sha256:{HEX}",
    ),
    (HEX[:-1], "docker.io", f"library/{HEX[:-1]}", None, None),
    ("dbcc1", "docker.io", "library/dbcc1", None, None),
    (f"sha256:{HEX}", "docker.io", "library/sha256", HEX, None),
    # localhost is always a registry; alone it is an image name
    ("localhost/foo", "localhost", "foo", None, None),
    ("localhost:5000/foo/bar:1.0", "localhost:5000", "foo/bar", "1.0", None),
    ("localhost", "docker.io", "library/localhost", None, None),
    ("localhost:5000", "docker.io", "library/localhost", "5000", None),
    ("ghcr.io/org/app:v1.2.3", "ghcr.io", "org/app", "v1.2.3", None),
    ("python:3.12-slim", "docker.io", "library/python", "3.12-slim", None),
    ("scratch", "docker.io", "library/scratch", None, None),
    ("a" * 128 + ":" + "t" * 128, "docker.io", "library/" + "a" * 128, "t" * 128, None),
    ("alpine:_x", "docker.io", "library/alpine", "_x", None),
    (f"alpine@sha384:{'0' * 96}", "docker.io", "library/alpine", None, f"sha384:{'0' * 96}"),
]


@pytest.mark.parametrize(("text", "registry", "repository", "tag", "digest"), VALID)
def test_valid(
    text: str, registry: str, repository: str, tag: str | None, digest: str | None
) -> None:
    ref = parse_reference(text)
    assert (ref.raw, ref.registry, ref.repository, ref.tag, ref.digest) == (
        text,
        registry,
        repository,
        tag,
        digest,
    )


INVALID = [
    "",
    ":justtag",
    f"@{SHA}",
    "repo@sha256:" + "f" * 34,
    f"validname@invaliddigest:{F64}",
    "Uppercase:tag",
    "test:5000/Uppercase/lowercase:tag",
    "a/" * 128 + "a:tag",
    "aa/asdf$$^/aa",
    "aa/asdf^/aa",
    "[2001:db8::1]",
    "[2001:db8::1]:5000",
    "[2001:db8::1]:tag",
    "[fe80::1%eth0]:5000/repo",
    "[fe80::1%@invalidzone]:5000/repo",
    # TestValidateReferenceName, TestValidateRemoteName
    "https://github.com/docker/docker",
    "docker/Docker",
    "-docker",
    "-docker/docker",
    "-docker.io/docker/docker",
    "docker///docker",
    "docker.io/docker/Docker",
    "docker.io/docker///docker",
    "[fc00::1]",
    "[fc00::1]:5000",
    "fc00::1:5000/debian",
    "[fe80::1%eth0]:5000/debian",
    "[2001:db8:3:4::192.0.2.33]:5000/debian",
    HEX,
    "docker-/docker",
    "-docker-/docker",
    "____/____",
    "_docker/_docker",
    "dock..er/docker",
    "dock_.er/docker",
    "dock-.er/docker",
    "docker/",
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_" * 4 + "/docker",
    # TestInvalidReferenceComponents
    "-foo",
    "busybox:-foo",
    "busybox@foo",
    # others
    "test_com:5000/foo",
    "a:b:c",
    "python:",
    "python@",
    "python:3@",
    f"python@sha256:{F64.upper()}",
    f"python@sha256:{F64}@{SHA}",
    "python:" + "t" * 129,
    "python:.x",
    "UPPER/Case:tag",
    "python 3",
    "/python",
    "python/",
    "ghcr.io/",
    "ghcr.io:/x",
    "${IMAGE}:${TAG}",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid(text: str) -> None:
    with pytest.raises(ReferenceError) as info:
        parse_reference(text)
    exc = info.value
    assert isinstance(exc, ValueError)
    assert exc.text == text
    assert 0 <= exc.column <= exc.end <= max(len(text), 1)
    assert str(exc) == exc.message


def test_registry_that_is_not_a_host_is_rejected() -> None:
    """Go reads ``my_host.com/app`` as a registry-less path; no pull could succeed, so: error."""
    with pytest.raises(ReferenceError, match="registry host") as info:
        parse_reference("my_host.com/app")
    assert (info.value.column, info.value.end) == (0, 11)


@pytest.mark.parametrize(
    ("text", "column", "end", "message"),
    [
        ("", 0, 0, "empty"),
        ("UPPER/Case:tag", 6, 7, "lowercase"),
        ("docker/Docker", 7, 8, "lowercase"),
        ("a:b:c", 0, 3, "invalid repository name component 'a:b'"),
        ("python:-foo", 7, 11, "invalid tag"),
        ("python:", 6, 7, "tag is empty"),
        ("python@sha256:abc", 14, 17, "length"),
        ("python@md5:" + "0" * 32, 7, 10, "unsupported digest algorithm"),
        ("python@sha256:" + "0" * 60 + "Aa00", 74, 75, "lower case"),
        ("python@sha256:" + "0" * 60 + "xyzw", 74, 78, "hexadecimal"),
        ("python@foo", 7, 10, "algorithm:hex"),
        ("docker///docker", 7, 8, "empty path component"),
        ("-docker.io/x", 0, 10, "registry host"),
        ("$BASE", 0, 1, "variable"),
        ("img:${TAG}", 4, 5, "variable"),
        ("@" + SHA, 0, 1, "no repository"),
        (":tag", 0, 1, "no repository"),
        (HEX, 0, 64, "hexadecimal"),
        ("x.io/" + "a/" * 128 + "a", 5, 262, "255"),
        (f"ghcr.io/x/y@{SHA}@{SHA}", 12 + len(SHA), 13 + len(SHA), "more than one '@'"),
        ("docker/", 6, 7, "empty path component"),
    ],
)
def test_error_position(text: str, column: int, end: int, message: str) -> None:
    with pytest.raises(ReferenceError, match=message) as info:
        parse_reference(text)
    assert (info.value.column, info.value.end) == (column, end)


def test_first_error_from_the_left_wins() -> None:
    with pytest.raises(ReferenceError) as info:
        parse_reference("Foo/Bar:-x@md5:zz")
    assert info.value.column == 4


def test_error_alias() -> None:
    assert ImageReferenceError is ReferenceError


# familiar form, full name, registry, repository — TestParseRepositoryInfo; each
# spelling listed must give the same result.
REPOSITORY_INFO = [
    (
        ["fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar"],
        "fooo/bar",
        "docker.io/fooo/bar",
    ),
    (
        ["ubuntu", "docker.io/library/ubuntu", "library/ubuntu"],
        "ubuntu",
        "docker.io/library/ubuntu",
    ),
    (
        ["nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu"],
        "nonlibrary/ubuntu",
        "docker.io/nonlibrary/ubuntu",
    ),
    (["other/library", "docker.io/other/library"], "other/library", "docker.io/other/library"),
    (
        ["127.0.0.1:8000/private/moonbase"],
        "127.0.0.1:8000/private/moonbase",
        "127.0.0.1:8000/private/moonbase",
    ),
    (["127.0.0.1:8000/privatebase"], "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase"),
    (
        ["example.com/private/moonbase"],
        "example.com/private/moonbase",
        "example.com/private/moonbase",
    ),
    (["example.com/privatebase"], "example.com/privatebase", "example.com/privatebase"),
    (
        ["example.com:8000/private/moonbase"],
        "example.com:8000/private/moonbase",
        "example.com:8000/private/moonbase",
    ),
    (
        ["example.com:8000/privatebasee"],
        "example.com:8000/privatebasee",
        "example.com:8000/privatebasee",
    ),
    (
        [
            "ubuntu-12.04-base",
            "docker.io/library/ubuntu-12.04-base",
            "index.docker.io/library/ubuntu-12.04-base",
        ],
        "ubuntu-12.04-base",
        "docker.io/library/ubuntu-12.04-base",
    ),
    (["foo", "docker.io/library/foo", "docker.io/foo"], "foo", "docker.io/library/foo"),
    (
        ["library/foo/bar", "docker.io/library/foo/bar"],
        "library/foo/bar",
        "docker.io/library/foo/bar",
    ),
    (["store/foo/bar", "docker.io/store/foo/bar"], "store/foo/bar", "docker.io/store/foo/bar"),
    (["Foo/bar"], "Foo/bar", "Foo/bar"),
    (["FOO/bar"], "FOO/bar", "FOO/bar"),
]


@pytest.mark.parametrize(("spellings", "familiar", "full"), REPOSITORY_INFO)
def test_repository_info(spellings: list[str], familiar: str, full: str) -> None:
    for text in spellings:
        ref = parse_reference(text)
        assert ref.familiar_name == familiar
        assert ref.full_name == full
        assert ref.name == full


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("python", True),
        ("docker.io/library/python:3", True),
        ("index.docker.io/python", True),
        ("library/foo/bar", False),
        ("myorg/app", False),
        ("ghcr.io/library/python", False),
    ],
)
def test_is_official(text: str, official: bool) -> None:
    assert parse_reference(text).is_official is official


def test_tag_and_digest() -> None:
    """TestParseReferenceWithTagAndDigest: both kept; the familiar string is the input."""
    short = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
    ref = parse_reference(short)
    assert ref.canonical == "docker.io/library/" + short
    assert ref.familiar == short == str(ref)
    assert ref.tag == "latest" and ref.digest is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("python", "latest"),
        ("python:3", "3"),
        (f"python@{SHA}", None),
        (f"python:3@{SHA}", "3"),
    ],
)
def test_tag_or_default(text: str, expected: str | None) -> None:
    assert parse_reference(text).tag_or_default == expected


def test_spans() -> None:
    text = f"ghcr.io/org/app:1.0@{SHA}"
    ref = parse_reference(text)
    assert ref.name_span == (0, 15) and text[slice(*ref.name_span)] == "ghcr.io/org/app"
    assert ref.tag_span is not None and text[slice(*ref.tag_span)] == "1.0"
    assert ref.digest_span is not None and text[slice(*ref.digest_span)] == SHA
    plain = parse_reference("localhost:5000/app")
    assert plain.name_span == (0, 18) and plain.tag_span is None and plain.digest_span is None


def test_scratch() -> None:
    assert parse_reference("scratch").is_scratch
    assert not parse_reference("scratch:latest").is_scratch
    assert not parse_reference("docker.io/library/scratch").is_scratch
    assert not parse_reference("python").is_scratch


def test_frozen() -> None:
    ref = parse_reference("python")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.tag = "3"  # type: ignore[misc]
    assert ref == parse_reference("python")
    assert isinstance(ref, ImageReference)


@pytest.mark.parametrize(
    ("text", "escape", "expected"),
    [
        ("$BASE", "\\", True),
        ("${IMAGE}:${TAG}", "\\", True),
        ("python:${PY:-3.12}", "\\", True),
        ("$1", "\\", True),
        ("$_x", "\\", True),
        ("$$", "\\", True),
        ("${}", "\\", True),
        ('"$x"', "\\", True),
        ("python:3", "\\", False),
        ("a$", "\\", False),
        ("$", "\\", False),
        ("a$.b", "\\", False),
        ("\\$x", "\\", False),
        ('"\\$x"', "\\", False),
        ("'$x'", "\\", False),
        ("'a'$x", "\\", True),
        ("`$x", "`", False),
        ("\\$x", "`", True),
    ],
)
def test_has_variables(text: str, escape: str, expected: bool) -> None:
    assert has_variables(text, escape) is expected


_COMPONENT = st.from_regex(r"[a-z0-9]{1,4}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,4}){0,2}", fullmatch=True)


@st.composite
def _references(draw: st.DrawFn) -> str:
    registry = draw(
        st.sampled_from(["", "ghcr.io/", "localhost:5000/", "docker.io/", "[::1]:5000/", "A/"])
    )
    components = draw(st.lists(_COMPONENT, min_size=1, max_size=3))
    if not registry and len(components) > 1 and "." in components[0]:
        # a dotted first component names a registry; ``0_0.0`` is not a valid host
        components[0] = components[0].replace(".", "-")
    path = "/".join(components)
    tag = draw(
        st.one_of(st.just(""), st.from_regex(r":[A-Za-z0-9_][A-Za-z0-9_.-]{0,9}", fullmatch=True))
    )
    digest = draw(st.sampled_from(["", f"@{SHA}", f"@{SHA512}"]))
    return registry + path + tag + digest


@given(_references())
def test_canonical_round_trip(text: str) -> None:
    ref = parse_reference(text)
    again = parse_reference(ref.canonical)
    assert (again.registry, again.repository, again.tag, again.digest) == (
        ref.registry,
        ref.repository,
        ref.tag,
        ref.digest,
    )
    first = ref.familiar.split("/", 1)[0]
    if ref.registry != "docker.io" or "/" not in ref.familiar or not any(c in first for c in ".:"):
        # Docker Hub paths whose first component looks like a host (``docker.io/0.0/x``)
        # have no unambiguous familiar form, in Go's FamiliarName either.
        assert parse_reference(ref.familiar).full_name == ref.full_name


@given(st.text(alphabet="aA0:/@._-[]$ sha256f", max_size=30))
def test_errors_are_located(text: str) -> None:
    try:
        parse_reference(text)
    except ReferenceError as exc:
        assert 0 <= exc.column <= exc.end <= max(len(text), 1)
