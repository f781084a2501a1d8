"""Shell family rules (DLX7xx): what RUN scripts do that misbehaves in an image build."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.shell.dlx701_pipe_without_pipefail import PipeWithoutPipefail
from dlint_dockerfile.rules.shell.dlx702_cd_in_run import CdInRun
from dlint_dockerfile.rules.shell.dlx703_sudo_in_run import SudoInRun
from dlint_dockerfile.rules.shell.dlx704_apt_instead_of_apt_get import AptInsteadOfAptGet
from dlint_dockerfile.rules.shell.dlx705_apt_get_install_yes import AptGetInstallYes
from dlint_dockerfile.rules.shell.dlx706_yum_install_yes import YumInstallYes
from dlint_dockerfile.rules.shell.dlx707_dnf_install_yes import DnfInstallYes
from dlint_dockerfile.rules.shell.dlx708_zypper_non_interactive import ZypperNonInteractive
from dlint_dockerfile.rules.shell.dlx709_zypper_dist_upgrade import ZypperDistUpgrade
from dlint_dockerfile.rules.shell.dlx710_wget_and_curl import WgetAndCurl
from dlint_dockerfile.rules.shell.dlx711_wget_progress import WgetProgress
from dlint_dockerfile.rules.shell.dlx712_useradd_high_uid import UseraddHighUid
from dlint_dockerfile.rules.shell.dlx713_link_over_bin_sh import LinkOverBinSh
from dlint_dockerfile.rules.shell.dlx714_interactive_command import InteractiveCommand
from dlint_dockerfile.rules.shell.dlx715_shellcheck import ShellCheck
from dlint_dockerfile.rules.shell.dlx716_pip_externally_managed import PipExternallyManaged

__all__ = [
    "SHELL_RULES",
    "AptGetInstallYes",
    "AptInsteadOfAptGet",
    "CdInRun",
    "DnfInstallYes",
    "InteractiveCommand",
    "LinkOverBinSh",
    "PipExternallyManaged",
    "PipeWithoutPipefail",
    "ShellCheck",
    "SudoInRun",
    "UseraddHighUid",
    "WgetAndCurl",
    "WgetProgress",
    "YumInstallYes",
    "ZypperDistUpgrade",
    "ZypperNonInteractive",
]

SHELL_RULES: tuple[type[Rule], ...] = (
    PipeWithoutPipefail,
    CdInRun,
    SudoInRun,
    AptInsteadOfAptGet,
    AptGetInstallYes,
    YumInstallYes,
    DnfInstallYes,
    ZypperNonInteractive,
    ZypperDistUpgrade,
    WgetAndCurl,
    WgetProgress,
    UseraddHighUid,
    LinkOverBinSh,
    InteractiveCommand,
    PipExternallyManaged,
    ShellCheck,
)
