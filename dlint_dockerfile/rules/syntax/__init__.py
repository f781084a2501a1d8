"""Syntax family (DLX0xx, DLX902-904): what BuildKit rejects or warns about as it reads a file."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.syntax.dlx001_syntax_error import SyntaxError_
from dlint_dockerfile.rules.syntax.dlx002_unknown_instruction import UnknownInstruction
from dlint_dockerfile.rules.syntax.dlx003_invalid_directive import InvalidDirective
from dlint_dockerfile.rules.syntax.dlx004_misplaced_directive import MisplacedDirective
from dlint_dockerfile.rules.syntax.dlx005_empty_continuation_line import EmptyContinuationLine
from dlint_dockerfile.rules.syntax.dlx006_inconsistent_instruction_casing import (
    ConsistentInstructionCasing,
)
from dlint_dockerfile.rules.syntax.dlx007_from_as_casing import FromAsCasing
from dlint_dockerfile.rules.syntax.dlx008_legacy_key_value_format import LegacyKeyValueFormat
from dlint_dockerfile.rules.syntax.dlx009_maintainer_deprecated import MaintainerDeprecated
from dlint_dockerfile.rules.syntax.dlx010_invalid_expose import InvalidExpose
from dlint_dockerfile.rules.syntax.dlx011_expose_proto_casing import ExposeProtoCasing
from dlint_dockerfile.rules.syntax.dlx012_instruction_before_from import InstructionBeforeFrom
from dlint_dockerfile.rules.syntax.dlx013_onbuild_misuse import OnbuildMisuse
from dlint_dockerfile.rules.syntax.dlx014_unused_suppression import UnusedSuppression
from dlint_dockerfile.rules.syntax.dlx015_invalid_suppression import InvalidSuppression
from dlint_dockerfile.rules.syntax.dlx902_undefined_var import UndefinedVar
from dlint_dockerfile.rules.syntax.dlx903_undefined_arg_in_from import UndefinedArgInFrom
from dlint_dockerfile.rules.syntax.dlx904_invalid_default_arg_in_from import InvalidDefaultArgInFrom

__all__ = [
    "SYNTAX_RULES",
    "ConsistentInstructionCasing",
    "EmptyContinuationLine",
    "ExposeProtoCasing",
    "FromAsCasing",
    "InstructionBeforeFrom",
    "InvalidDefaultArgInFrom",
    "InvalidDirective",
    "InvalidExpose",
    "InvalidSuppression",
    "LegacyKeyValueFormat",
    "MaintainerDeprecated",
    "MisplacedDirective",
    "OnbuildMisuse",
    "SyntaxError_",
    "UndefinedArgInFrom",
    "UndefinedVar",
    "UnknownInstruction",
    "UnusedSuppression",
]


SYNTAX_RULES: tuple[type[Rule], ...] = (
    SyntaxError_,
    UnknownInstruction,
    InvalidDirective,
    MisplacedDirective,
    EmptyContinuationLine,
    ConsistentInstructionCasing,
    FromAsCasing,
    LegacyKeyValueFormat,
    MaintainerDeprecated,
    InvalidExpose,
    ExposeProtoCasing,
    InstructionBeforeFrom,
    OnbuildMisuse,
    UnusedSuppression,
    InvalidSuppression,
    UndefinedVar,
    UndefinedArgInFrom,
    InvalidDefaultArgInFrom,
)
