"""Layers family (DLX3xx): layer count, layer order for the build cache, and image size."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx301_consecutive_runs", "ConsecutiveRuns"),
    ("dlx302_stable_step_after_copy", "StableStepAfterCopy"),
    ("dlx303_cleanup_in_later_layer", "CleanupInLaterLayer"),
    ("dlx304_apt_lists_not_removed", "AptListsLeft"),
    ("dlx305_apt_install_recommends", "AptRecommends"),
    ("dlx306_apk_add_cache", "ApkCache"),
    ("dlx307_pip_cache", "PipCache"),
    ("dlx308_yarn_cache", "YarnCache"),
    ("dlx309_yum_cache", "YumCache"),
    ("dlx310_dnf_cache", "DnfCache"),
    ("dlx311_zypper_cache", "ZypperCache"),
    ("dlx312_unsorted_packages", "UnsortedPackages"),
)
