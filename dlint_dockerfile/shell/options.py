"""Command-line options of the commands Dockerfile rules care about.

To tell ``apt-get install -o Dpkg::Options::=--force-confold curl`` apart (``-o`` takes
the next word, ``curl`` is a package) the parser must know which options take a value.
`OPTION_SPECS` lists them for common package managers and tools; unknown commands are
parsed with no options taking values, which is right for flags like ``-y`` and for
``--opt=value``.
"""

from __future__ import annotations

from dlint_dockerfile._record import record

__all__ = ["APT_DRY_RUN", "OPTION_SPECS", "OptionSpec", "has_subcommand_spec", "spec_for"]

#: apt-get options that make a command a dry run (nothing installed, nothing asked).
APT_DRY_RUN = ("-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act")


@record
class OptionSpec:
    """Which short (``"o"``) and long (``"option"``) options consume a value."""

    short_values: frozenset[str] = frozenset()
    long_values: frozenset[str] = frozenset()
    #: Long options written with one dash (Go tools: ``-tags netgo``, ``-ldflags=...``).
    single_dash: bool = False


def _spec(short: str = "", long: str = "", *, single_dash: bool = False) -> OptionSpec:
    return OptionSpec(frozenset(short), frozenset(long.split()), single_dash)


#: C compilers: single-dash options (``-Wall``, ``-O2``); these take the next word.
_CC = _spec("", "o I L D U x include isystem MF MT MQ", single_dash=True)
_APT = _spec("oct", "option config-file target-release default-release host-architecture")
_YUM = _spec(
    "cxRde",
    "config installroot releasever setopt exclude enablerepo disablerepo repo repoid "
    "disableexcludes downloaddir destdir",
)
_PIP = _spec(
    "rcebitfC",
    "requirement constraint editable index-url extra-index-url find-links target prefix root "
    "src trusted-host cache-dir platform python-version implementation abi progress-bar log "
    "proxy retries timeout exists-action cert client-cert upgrade-strategy no-binary "
    "only-binary global-option config-settings report python root-user-action use-feature "
    "use-deprecated",
)

#: Option specs by command name (basename, lower case).
OPTION_SPECS: dict[str, OptionSpec] = {
    "apt-get": _APT,
    "apt": _APT,
    "aptitude": _APT,
    "apk": _spec("Xpt", "repository root virtual arch repositories-file keys-dir cache-dir"),
    "yum": _YUM,
    "dnf": _YUM,
    "microdnf": _YUM,
    "tdnf": _YUM,
    "zypper": _spec("rRDc", "repo root reposd-dir cache-dir config from"),
    "pip": _PIP,
    "pip3": _PIP,
    "npm": _spec(
        "wC",
        "prefix registry workspace cache userconfig globalconfig tag omit include loglevel "
        "location install-strategy",
    ),
    "yarn": _spec("", "cwd modules-folder cache-folder registry network-timeout mutex"),
    "pnpm": _spec("Cw", "dir filter registry store-dir"),
    "gem": _spec("vinsbP", "version install-dir bindir source platform trust-policy build-root"),
    "go": _spec(
        "",
        "C modfile overlay pkgdir tags toolexec ldflags gcflags asmflags o p mod exec buildmode "
        "compiler installsuffix pgo covermode coverpkg",
        single_dash=True,
    ),
    "gcc": _CC,
    "g++": _CC,
    "cc": _CC,
    "c++": _CC,
    "clang": _CC,
    "clang++": _CC,
    "jar": _spec("C", "file main-class manifest module-version release"),
    "curl": _spec(
        "oHduXAexmTwbcKEFrYyzCQtUDPbKe",
        "output header data data-raw data-binary data-urlencode user request user-agent referer "
        "proxy max-time upload-file write-out cookie cookie-jar config cert form range "
        "speed-limit speed-time time-cond continue-at quote telnet-option proxy-user dump-header "
        "ftp-port key retry retry-delay retry-max-time connect-timeout cacert capath resolve "
        "interface output-dir proto proto-redir",
    ),
    "wget": _spec(
        "OoaPUetTwQiBlAR",
        "output-document output-file append-output directory-prefix user-agent execute tries "
        "timeout wait quota input-file base level accept reject header post-data post-file "
        "user password http-user http-password ca-certificate certificate private-key "
        "progress load-cookies save-cookies limit-rate",
    ),
    "useradd": _spec(
        "bcdefgGkKpuRPs",
        "base-dir comment home-dir expiredate inactive gid groups "
        "skel key password uid root prefix shell selinux-user",
    ),
    "adduser": _spec("hsgGuDk", "home shell gid ingroup uid gecos group firstuid lastuid"),
    "groupadd": _spec("gKpR", "gid key password root prefix"),
    "git": _spec("cC", "git-dir work-tree namespace exec-path config-env"),
    "git clone": _spec(
        "bocju",
        "branch origin config depth reference reference-if-able separate-git-dir filter "
        "shallow-since shallow-exclude jobs upload-pack template server-option bundle-uri",
    ),
    "git checkout": _spec("bB", "conflict orphan"),
    "zypper install": _spec("trnC", "type repo from name capability"),
    "zypper in": _spec("trnC", "type repo from name capability"),
    "tar": _spec(
        "fCTXbHKLNV",
        "file directory files-from exclude-from blocking-factor format "
        "exclude owner group mode transform strip-components",
    ),
    "chown": _spec("", "reference from"),
    "chmod": _spec("", "reference"),
    "sudo": _spec("ugpCDhrtUT", "user group prompt close-from chdir host role type other-user"),
    "env": _spec("uCS", "unset chdir split-string"),
    "nice": _spec("n", "adjustment"),
    "timeout": _spec("sk", "signal kill-after"),
    "sh": _spec("o"),
    "bash": _spec("oO", "rcfile init-file"),
    "dash": _spec("o"),
    "ash": _spec("o"),
    "zsh": _spec("o"),
    "ssh-keygen": _spec("fbtNCPZaEmnOrswz"),
    "ln": _spec("St", "suffix target-directory"),
    "cp": _spec("St", "suffix target-directory"),
    "mv": _spec("St", "suffix target-directory"),
    "mkdir": _spec("m", "mode"),
    "install": _spec("gmoSt", "group mode owner suffix target-directory"),
}

_DEFAULT = OptionSpec()


def spec_for(name: str, subcommand: str | None = None) -> OptionSpec:
    """The option spec of a command by name or path (``/usr/bin/apt-get``), or of one of its
    sub-commands (``git clone``) when that has its own."""
    base = name.rsplit("/", 1)[-1].lower()
    if subcommand is not None:
        specific = OPTION_SPECS.get(f"{base} {subcommand}")
        if specific is not None:
            return specific
    return OPTION_SPECS.get(base, _DEFAULT)


def has_subcommand_spec(name: str, subcommand: str) -> bool:
    return f"{name.rsplit('/', 1)[-1].lower()} {subcommand}" in OPTION_SPECS
