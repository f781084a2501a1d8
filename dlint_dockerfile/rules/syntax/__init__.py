"""Syntax family (DLX0xx, DLX902-904): what BuildKit rejects or warns about as it reads a file."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx001_syntax_error", "SyntaxError_"),
    ("dlx002_unknown_instruction", "UnknownInstruction"),
    ("dlx003_invalid_directive", "InvalidDirective"),
    ("dlx004_misplaced_directive", "MisplacedDirective"),
    ("dlx005_empty_continuation_line", "EmptyContinuationLine"),
    ("dlx006_inconsistent_instruction_casing", "ConsistentInstructionCasing"),
    ("dlx007_from_as_casing", "FromAsCasing"),
    ("dlx008_legacy_key_value_format", "LegacyKeyValueFormat"),
    ("dlx009_maintainer_deprecated", "MaintainerDeprecated"),
    ("dlx010_invalid_expose", "InvalidExpose"),
    ("dlx011_expose_proto_casing", "ExposeProtoCasing"),
    ("dlx012_instruction_before_from", "InstructionBeforeFrom"),
    ("dlx013_onbuild_misuse", "OnbuildMisuse"),
    ("dlx014_unused_suppression", "UnusedSuppression"),
    ("dlx015_invalid_suppression", "InvalidSuppression"),
    ("dlx902_undefined_var", "UndefinedVar"),
    ("dlx903_undefined_arg_in_from", "UndefinedArgInFrom"),
    ("dlx904_invalid_default_arg_in_from", "InvalidDefaultArgInFrom"),
)
