"""Multistage family (DLX6xx): stage names, references between stages, what ships."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx601_duplicate_stage_name", "DuplicateStageName"),
    ("dlx602_reserved_stage_name", "ReservedStageName"),
    ("dlx603_stage_name_casing", "StageNameCasing"),
    ("dlx604_invalid_stage_name", "InvalidStageName"),
    ("dlx605_copy_from_unknown_stage", "CopyFromUnknownStage"),
    ("dlx606_copy_from_own_stage", "CopyFromOwnStage"),
    ("dlx607_copy_from_stage_index", "CopyFromStageIndex"),
    ("dlx608_unused_stage", "UnusedStage"),
    ("dlx609_build_in_final_stage", "BuildInFinalStage"),
)
