"""Layers family (DLX3xx): layer count, layer order for the build cache, and image size."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.layers.dlx301_consecutive_runs import ConsecutiveRuns
from dlint_dockerfile.rules.layers.dlx302_stable_step_after_copy import StableStepAfterCopy
from dlint_dockerfile.rules.layers.dlx303_cleanup_in_later_layer import CleanupInLaterLayer
from dlint_dockerfile.rules.layers.dlx304_apt_lists_not_removed import AptListsLeft
from dlint_dockerfile.rules.layers.dlx305_apt_install_recommends import AptRecommends
from dlint_dockerfile.rules.layers.dlx306_apk_add_cache import ApkCache
from dlint_dockerfile.rules.layers.dlx307_pip_cache import PipCache
from dlint_dockerfile.rules.layers.dlx308_yarn_cache import YarnCache
from dlint_dockerfile.rules.layers.dlx309_yum_cache import YumCache
from dlint_dockerfile.rules.layers.dlx310_dnf_cache import DnfCache
from dlint_dockerfile.rules.layers.dlx311_zypper_cache import ZypperCache
from dlint_dockerfile.rules.layers.dlx312_unsorted_packages import UnsortedPackages

__all__ = [
    "LAYERS_RULES",
    "ApkCache",
    "AptListsLeft",
    "AptRecommends",
    "CleanupInLaterLayer",
    "ConsecutiveRuns",
    "DnfCache",
    "PipCache",
    "StableStepAfterCopy",
    "UnsortedPackages",
    "YarnCache",
    "YumCache",
    "ZypperCache",
]

LAYERS_RULES: tuple[type[Rule], ...] = (
    ConsecutiveRuns,
    StableStepAfterCopy,
    CleanupInLaterLayer,
    AptListsLeft,
    AptRecommends,
    ApkCache,
    PipCache,
    YarnCache,
    YumCache,
    DnfCache,
    ZypperCache,
    UnsortedPackages,
)
