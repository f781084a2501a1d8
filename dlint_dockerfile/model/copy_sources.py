"""What a COPY or ADD takes from the build context: archive names, what a stage's RUNs do,
and what a COPY would send that should not ship."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from dlint_dockerfile.model.copies import CopyArgs, Source, is_remote
from dlint_dockerfile.model.dockerignore import IgnorePattern

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext, CopyMatch
    from dlint_dockerfile.model.model import DockerfileModel, Stage
    from dlint_dockerfile.shell import Command
    from dlint_dockerfile.syntax import Instruction

__all__ = [
    "StageFacts",
    "basename",
    "broad_files",
    "copy_match",
    "holds_archive",
    "is_archive_name",
    "is_tar_archive_name",
    "iter_local_sources",
    "listing",
    "secret_kind",
    "stage_facts",
    "unwanted_items",
    "without_excludes",
]

# hadolint's archive extensions (DL3010/DL3020), plus zstd, which BuildKit's ADD unpacks too.
_ARCHIVE_SUFFIXES = (
    ".tar",
    ".z",
    ".bz2",
    ".gz",
    ".lz",
    ".lzma",
    ".tz",
    ".tb2",
    ".tbz",
    ".tbz2",
    ".tgz",
    ".tlz",
    ".tpz",
    ".txz",
    ".xz",
    ".zst",
    ".tzst",
)
# Names that surely hold a tar archive (a bare ``x.gz`` may be a single compressed file,
# which ADD copies as it is).
_TAR_SUFFIXES = (".tgz", ".tb2", ".tbz", ".tbz2", ".tlz", ".tpz", ".txz", ".tz", ".tzst")


def is_archive_name(text: str) -> bool:
    """hadolint's archive test (plus zstd), ignoring case: ``x.tar.gz``, ``x.tgz``, ``x.gz``."""
    return text.lower().endswith(_ARCHIVE_SUFFIXES)


def is_tar_archive_name(text: str) -> bool:
    """A name that holds a tar archive: ``x.tar``, ``x.tar.gz``, ``x.tgz``..."""
    lower = text.lower()
    return ".tar." in lower or lower.endswith(".tar") or lower.endswith(_TAR_SUFFIXES)


def basename(text: str) -> str:
    """The last path component (``/`` or ``\\`` separated)."""
    return text.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]


def listing(items: list[str], limit: int = 3) -> str:
    """``a, b, c and 4 more``."""
    shown = ", ".join(items[:limit])
    rest = len(items) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


# ------------------------------------------------------------------ stage facts

_NODE_MANAGERS = ("npm", "yarn", "pnpm", "bun")
_NODE_INSTALL = frozenset({"install", "i", "ci", "add"})
_NODE_BUILDERS = frozenset({"ng", "next", "vite", "tsc", "webpack", "nuxt", "react-scripts"})
_DOTNET_BUILD = frozenset({"build", "publish"})


@dataclass
class StageFacts:
    """What the RUNs of a stage (and of the stages it builds on) do."""

    installs_node_modules: bool = False
    runs_git: bool = False
    #: Ecosystems whose build runs in the stage: "node", "maven", "gradle", "cargo", "sbt",
    #: "dotnet".
    builds: set[str] = field(default_factory=set)


def stage_facts(model: DockerfileModel, stage: Stage, cache: dict[int, StageFacts]) -> StageFacts:
    """The facts of ``stage``, including its parent stages (cached by stage index)."""
    known = cache.get(stage.index)
    if known is not None:
        return known
    facts = StageFacts()
    cache[stage.index] = facts  # guards against cycles
    if stage.parent is not None:
        parent = stage_facts(model, stage.parent, cache)
        facts.installs_node_modules = parent.installs_node_modules
        facts.runs_git = parent.runs_git
        facts.builds = set(parent.builds)
    for instruction in stage.instructions:
        if instruction.name != "RUN":
            continue
        script = model.script(instruction)
        if script is None:
            continue
        for command in script.all_commands():
            _note(command.unwrapped(), facts)
    return facts


def _note(command: Command, facts: StageFacts) -> None:
    name = (command.basename or "").lower()
    if name == "git":
        facts.runs_git = True
        return
    positionals = [w.value for w in command.positionals]
    first = positionals[0] if positionals else None
    if name in _NODE_MANAGERS:
        if first in _NODE_INSTALL or (name == "yarn" and first is None):
            facts.installs_node_modules = True
        elif first == "build" or (first == "run" and "build" in positionals[1:2]):
            facts.builds.add("node")
        return
    if name in ("npx", "pnpx", "bunx"):
        if first in _NODE_BUILDERS:
            facts.builds.add("node")
        return
    if name in _NODE_BUILDERS:
        facts.builds.add("node")
    elif name in ("mvn", "mvnw"):
        facts.builds.add("maven")
    elif name in ("gradle", "gradlew"):
        facts.builds.add("gradle")
    elif name == "cargo" and first in ("build", "install"):
        facts.builds.add("cargo")
    elif name == "sbt":
        facts.builds.add("sbt")
    elif name == "dotnet" and first in _DOTNET_BUILD:
        facts.builds.add("dotnet")


# ------------------------------------------------------------- what should not ship

#: Build output folder -> {ecosystem: manifest files in the folder's parent}.
_BUILD_OUTPUTS: dict[str, dict[str, tuple[str, ...]]] = {
    "dist": {"node": ("package.json",)},
    "build": {"node": ("package.json",), "gradle": ("build.gradle", "build.gradle.kts")},
    "out": {"node": ("package.json",)},
    ".next": {"node": ("package.json",)},
    "target": {"maven": ("pom.xml",), "cargo": ("Cargo.toml",), "sbt": ("build.sbt",)},
    "bin": {"dotnet": (".csproj", ".fsproj", ".vbproj")},
    "obj": {"dotnet": (".csproj", ".fsproj", ".vbproj")},
}
_VENV_NAMES = frozenset({".venv", "venv"})


_UNWANTED: WeakKeyDictionary[BuildContext, dict[tuple[object, ...], Any]] = WeakKeyDictionary()


def unwanted_items(
    context: BuildContext, files: list[str], facts: StageFacts
) -> list[tuple[str, str]]:
    """Folders among ``files`` (context-relative) that should not ship, as
    ``(folder + "/", reason)``, in path order, outermost only. Computed once per list of
    files and facts for all the rules and fixes that ask."""
    memo = _UNWANTED.get(context)
    if memo is None:
        memo = _UNWANTED[context] = {}
    key = (id(files), facts.installs_node_modules, facts.runs_git, frozenset(facts.builds))
    known = memo.get(key)
    if known is not None and known[0] is files:  # the memo keeps ``files`` alive: same id
        return list(known[1])
    found = _unwanted_items(context, files, facts)
    memo[key] = (files, found)
    return list(found)


def _unwanted_items(
    context: BuildContext, files: list[str], facts: StageFacts
) -> list[tuple[str, str]]:
    all_files = set(context.all_files())
    found: dict[str, str] = {}
    seen_dirs: set[str] = set()
    for path in files:
        parts = path.split("/")
        for depth in range(len(parts) - 1):
            folder = "/".join(parts[: depth + 1])
            if folder in seen_dirs:
                if folder in found:
                    break
                continue
            seen_dirs.add(folder)
            reason = _folder_reason(context, folder, parts[depth], all_files, facts)
            if reason:
                found[folder] = reason
                break
        else:
            if parts[-1] == ".git" and not facts.runs_git and path not in found:
                found[path] = "git metadata"
    return [(f + "/" if f in seen_dirs else f, r) for f, r in found.items()]


def _folder_reason(
    context: BuildContext, folder: str, name: str, all_files: set[str], facts: StageFacts
) -> str | None:
    if name == ".git":
        return None if facts.runs_git else "git metadata"
    if name == "node_modules":
        return "installed in the image" if facts.installs_node_modules else None
    if name == "__pycache__":
        return "Python bytecode cache"
    if name in _VENV_NAMES or f"{folder}/pyvenv.cfg" in all_files:
        return "Python virtualenv"
    outputs = _BUILD_OUTPUTS.get(name)
    if outputs:
        parent = folder[: -len(name)]
        for ecosystem, manifests in outputs.items():
            if ecosystem in facts.builds and _has_manifest(context, parent, manifests, all_files):
                return "build output, the image builds it"
    return None


def _has_manifest(
    context: BuildContext, parent: str, manifests: tuple[str, ...], all_files: set[str]
) -> bool:
    for manifest in manifests:
        if manifest.startswith("."):  # an extension: any file of that kind
            directory = parent.rstrip("/")
            for path in context.all_files():
                head, _, tail = path.rpartition("/")
                if head == directory and tail.endswith(manifest):
                    return True
        elif parent + manifest in all_files:
            return True
    return False


# ------------------------------------------------------------------ secrets

_SSH_KEYS = frozenset(
    {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"}
)
_ENV_TEMPLATES = frozenset({"example", "sample", "template", "tpl", "dist", "defaults", "default"})
_READ_LIMIT = 65536


def _head(context: BuildContext, path: str) -> str | None:
    data = context.read(path, _READ_LIMIT)
    return None if data is None else data.decode("utf-8", errors="replace")


#: Folders of third-party code or test data: their keys are fixtures, not secrets.
_NOT_SECRETS_BELOW = frozenset(
    {
        "node_modules",
        "site-packages",
        "dist-packages",
        ".venv",
        "venv",
        "vendor",
        "testdata",
        ".git",
    }
)


def secret_kind(context: BuildContext, path: str) -> str | None:
    """What secret the context file ``path`` holds, or None."""
    folders = path.split("/")[:-1]
    if folders and _NOT_SECRETS_BELOW.intersection(folders):
        return None
    name = path[path.rfind("/") + 1 :]
    lower = name.lower()
    if lower in _SSH_KEYS:
        return "SSH private key"
    if lower == ".env" or lower.startswith(".env."):
        suffix = lower.rsplit(".", 1)[-1]
        return None if suffix in _ENV_TEMPLATES else "environment file"
    dot = lower.rfind(".")
    suffix = lower[dot:] if 0 < dot < len(lower) - 1 else ""  # as PurePosixPath.suffix
    if suffix in (".p12", ".pfx"):
        return "PKCS#12 key store"
    if suffix in (".pem", ".key"):
        text = _head(context, path)
        if text is None:
            return None
        if "PRIVATE KEY-----" in text:
            return "private key"
        if suffix == ".key" and "-----BEGIN" not in text:
            return "private key"
        return None
    if lower in (".npmrc", ".yarnrc.yml", ".pypirc", ".netrc", ".git-credentials"):
        text = _head(context, path)
        return "credentials" if text is not None and _has_credentials(lower, text) else None
    if lower == "credentials" and path.endswith(".aws/credentials"):
        return "AWS credentials"
    return None


def _has_credentials(name: str, text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if name == ".git-credentials":
            return "@" in stripped
        key, sep, value = stripped.partition("=" if name != ".yarnrc.yml" else ":")
        if name == ".netrc":
            words = stripped.split()
            if "password" in words[:-1]:
                return True
            continue
        if not sep:
            continue
        key = key.strip().lower()
        value = value.strip().strip("\"'")
        if not value or value.startswith("$"):
            continue  # a variable the package manager fills in at run time
        if name == ".npmrc" and key.endswith(("_authtoken", "_auth", "_password")):
            return True
        if name == ".yarnrc.yml" and key.endswith(("npmauthtoken", "npmauthident")):
            return True
        if name == ".pypirc" and key == "password":
            return True
    return False


_MATCHES: WeakKeyDictionary[BuildContext, dict[str, CopyMatch]] = WeakKeyDictionary()


def copy_match(context: BuildContext, source: str) -> CopyMatch:
    """``context.copy_sources(source)``, computed once per context for all rules."""
    cache = _MATCHES.get(context)
    if cache is None:
        cache = _MATCHES[context] = {}
    match = cache.get(source)
    if match is None:
        match = cache[source] = context.copy_sources(source)
    return match


def _is_broad(match: CopyMatch) -> bool:
    """A source that sends files it does not name: the root, a folder or a wildcard."""
    if match.wildcard:
        return True
    return not match.path or (bool(match.included) and match.included != [match.path])


def broad_files(
    context: BuildContext, instruction: Instruction, source: Source
) -> list[str] | None:
    """The files a source that does not name them sends (the root, a folder or a
    wildcard), less those a ``--exclude`` keeps out; None for any other source."""
    match = copy_match(context, source.text_or_raw)
    if not _is_broad(match):
        return None
    return without_excludes(instruction, match)


def without_excludes(instruction: Instruction, match: CopyMatch) -> list[str]:
    """The included files minus those a ``--exclude`` flag keeps out."""
    patterns: list[IgnorePattern] = []
    for flag in instruction.flags:
        if flag.name == "exclude" and flag.argument:
            try:
                patterns.append(IgnorePattern.compile(flag.argument))
            except ValueError:
                continue
    if not patterns:
        return match.included
    base = match.path.rstrip("/")
    kept: list[str] = []
    for path in match.included:
        relative = path[len(base) + 1 :] if base and path.startswith(base + "/") else path
        if not any(p.matches_or_parent(path) or p.matches_or_parent(relative) for p in patterns):
            kept.append(path)
    return kept


def iter_local_sources(args: CopyArgs) -> Iterator[Source]:
    """Sources read from the build context: not ``--from``, heredoc or URL, and with a
    known value."""
    if args.from_flag:
        return
    for source in args.sources:
        if source.heredoc or source.text is None or is_remote(source.text):
            continue
        yield source


# ------------------------------------------------------------------ archive contents

#: BuildKit's ADD unpacks a local file when it is a tar archive, compressed or not: it
#: reads it through the decompressor its first bytes call for (gzip, bzip2, xz, zstd) and
#: unpacks it when a tar reader finds a first header there. The decompressors at hand, by
#: magic number (zstd has none in the standard library: its files count as archives).
_COMPRESSIONS = (
    (b"\x1f\x8b\x08", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
_TAR_BLOCK = 512
#: Bytes read from each file (a compressed file's first tar header is in its first few).
_ARCHIVE_HEAD = 8192
_ARCHIVE_CHECK_LIMIT = 500


def holds_archive(context: BuildContext, match: CopyMatch) -> bool:
    """Whether a file an ADD source names directly (not one inside a folder it copies)
    is a tar archive, compressed or not, which ADD would unpack; True when it cannot
    tell. The files' first bytes are read through the context (so the result cache
    knows the finding depends on them)."""
    if match.through_symlink:
        return True
    depth = match.path.count("/")
    if match.wildcard:
        files = [f for f in match.included if f.count("/") == depth]
    else:
        files = [match.path] if match.path in match.included else []
    if len(files) > _ARCHIVE_CHECK_LIMIT:
        return True
    for path in files:
        head = context.read(path, _ARCHIVE_HEAD)
        if head is None or _unpacked(head, whole=len(head) < _ARCHIVE_HEAD):
            return True
    return False


def _unpacked(head: bytes, *, whole: bool) -> bool:
    """Whether BuildKit would unpack a file starting with ``head`` (``whole``: all of it);
    True when ``head`` is too short to tell or does not decompress."""
    compression = next((name for magic, name in _COMPRESSIONS if head.startswith(magic)), None)
    if compression is None:
        return _tar_header(head[:_TAR_BLOCK])
    block = _decompressed(compression, head)
    if block is None or (len(block) < _TAR_BLOCK and not whole):
        return True  # cannot tell, or the first block needs more of the file
    return _tar_header(block)


def _decompressed(compression: str, head: bytes) -> bytes | None:
    """The first tar block's worth of ``head`` decompressed (less when the data ends
    first); None when it cannot be decompressed here (zstd, damaged data)."""
    if compression == "gzip":
        import zlib

        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _TAR_BLOCK)
        except zlib.error:
            return None
    if compression == "bzip2":
        import bz2

        try:
            return bz2.BZ2Decompressor().decompress(head, _TAR_BLOCK)
        except OSError:
            return None
    if compression == "xz":
        import lzma

        try:
            return lzma.LZMADecompressor().decompress(head, _TAR_BLOCK)
        except lzma.LZMAError:
            return None
    return None


def _tar_header(block: bytes) -> bool:
    """Go's ``tar.Reader.Next`` check of a first header: a whole 512-byte block, not all
    zeros, whose checksum field (octal) is the sum of its bytes, unsigned or signed, with
    the field itself counted as spaces. The ``ustar`` magic is optional (V7 archives)."""
    if len(block) < _TAR_BLOCK or not block.strip(b"\0"):
        return False
    field = block[148:156].strip(b" \0").split(b"\0", 1)[0]
    try:
        stored = int(field, 8) if field else 0
    except ValueError:
        return False
    rest = block[:148] + b" " * 8 + block[156:_TAR_BLOCK]
    unsigned = sum(rest)
    signed = unsigned - 256 * sum(1 for byte in rest if byte >= 128)
    return stored in (unsigned, signed)
