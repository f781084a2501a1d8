"""Pinning family (DLX2xx): images, packages and sources that should name a fixed version."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.pinning.dlx201_image_without_tag import ImageWithoutTag
from dlint_dockerfile.rules.pinning.dlx202_image_latest_tag import ImageLatestTag
from dlint_dockerfile.rules.pinning.dlx203_image_without_digest import ImageWithoutDigest
from dlint_dockerfile.rules.pinning.dlx204_untrusted_registry import UntrustedRegistry
from dlint_dockerfile.rules.pinning.dlx205_unpinned_apt_package import UnpinnedAptPackage
from dlint_dockerfile.rules.pinning.dlx206_unpinned_apk_package import UnpinnedApkPackage
from dlint_dockerfile.rules.pinning.dlx207_unpinned_pip_package import UnpinnedPipPackage
from dlint_dockerfile.rules.pinning.dlx208_unpinned_npm_package import UnpinnedNpmPackage
from dlint_dockerfile.rules.pinning.dlx209_unpinned_gem import UnpinnedGem
from dlint_dockerfile.rules.pinning.dlx210_unpinned_go_package import UnpinnedGoPackage
from dlint_dockerfile.rules.pinning.dlx211_unpinned_yum_package import UnpinnedYumPackage
from dlint_dockerfile.rules.pinning.dlx212_unpinned_dnf_package import UnpinnedDnfPackage
from dlint_dockerfile.rules.pinning.dlx213_unpinned_zypper_package import UnpinnedZypperPackage
from dlint_dockerfile.rules.pinning.dlx214_unpinned_git_clone import UnpinnedGitClone
from dlint_dockerfile.rules.pinning.dlx215_npm_install_with_lock_file import NpmInstallWithLockFile

__all__ = [
    "PINNING_RULES",
    "ImageLatestTag",
    "ImageWithoutDigest",
    "ImageWithoutTag",
    "NpmInstallWithLockFile",
    "UnpinnedApkPackage",
    "UnpinnedAptPackage",
    "UnpinnedDnfPackage",
    "UnpinnedGem",
    "UnpinnedGitClone",
    "UnpinnedGoPackage",
    "UnpinnedNpmPackage",
    "UnpinnedPipPackage",
    "UnpinnedYumPackage",
    "UnpinnedZypperPackage",
    "UntrustedRegistry",
]


PINNING_RULES: tuple[type[Rule], ...] = (
    ImageWithoutTag,
    ImageLatestTag,
    ImageWithoutDigest,
    UntrustedRegistry,
    UnpinnedAptPackage,
    UnpinnedApkPackage,
    UnpinnedPipPackage,
    UnpinnedNpmPackage,
    UnpinnedGem,
    UnpinnedGoPackage,
    UnpinnedYumPackage,
    UnpinnedDnfPackage,
    UnpinnedZypperPackage,
    UnpinnedGitClone,
    NpmInstallWithLockFile,
)
