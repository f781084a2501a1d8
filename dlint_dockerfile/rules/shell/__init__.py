"""Shell family rules (DLX7xx): what RUN scripts do that misbehaves in an image build."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx701_pipe_without_pipefail", "PipeWithoutPipefail"),
    ("dlx702_cd_in_run", "CdInRun"),
    ("dlx703_sudo_in_run", "SudoInRun"),
    ("dlx704_apt_instead_of_apt_get", "AptInsteadOfAptGet"),
    ("dlx705_apt_get_install_yes", "AptGetInstallYes"),
    ("dlx706_yum_install_yes", "YumInstallYes"),
    ("dlx707_dnf_install_yes", "DnfInstallYes"),
    ("dlx708_zypper_non_interactive", "ZypperNonInteractive"),
    ("dlx709_zypper_dist_upgrade", "ZypperDistUpgrade"),
    ("dlx710_wget_and_curl", "WgetAndCurl"),
    ("dlx711_wget_progress", "WgetProgress"),
    ("dlx712_useradd_high_uid", "UseraddHighUid"),
    ("dlx713_link_over_bin_sh", "LinkOverBinSh"),
    ("dlx714_interactive_command", "InteractiveCommand"),
    ("dlx716_pip_externally_managed", "PipExternallyManaged"),
    ("dlx715_shellcheck", "ShellCheck"),
)
