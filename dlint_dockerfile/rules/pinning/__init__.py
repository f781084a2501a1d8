"""Pinning family (DLX2xx): images, packages and sources that should name a fixed version."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx201_image_without_tag", "ImageWithoutTag"),
    ("dlx202_image_latest_tag", "ImageLatestTag"),
    ("dlx203_image_without_digest", "ImageWithoutDigest"),
    ("dlx204_untrusted_registry", "UntrustedRegistry"),
    ("dlx205_unpinned_apt_package", "UnpinnedAptPackage"),
    ("dlx206_unpinned_apk_package", "UnpinnedApkPackage"),
    ("dlx207_unpinned_pip_package", "UnpinnedPipPackage"),
    ("dlx208_unpinned_npm_package", "UnpinnedNpmPackage"),
    ("dlx209_unpinned_gem", "UnpinnedGem"),
    ("dlx210_unpinned_go_package", "UnpinnedGoPackage"),
    ("dlx211_unpinned_yum_package", "UnpinnedYumPackage"),
    ("dlx212_unpinned_dnf_package", "UnpinnedDnfPackage"),
    ("dlx213_unpinned_zypper_package", "UnpinnedZypperPackage"),
    ("dlx214_unpinned_git_clone", "UnpinnedGitClone"),
    ("dlx215_npm_install_with_lock_file", "NpmInstallWithLockFile"),
)
