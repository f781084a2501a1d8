"""Security family (DLX8xx): root users, leaked secrets, unverified downloads and permissions."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.security.dlx801_last_user_root import LastUserRoot
from dlint_dockerfile.rules.security.dlx802_secret_in_arg_or_env import SecretInArgOrEnv
from dlint_dockerfile.rules.security.dlx803_pipe_to_shell import PipeToShell
from dlint_dockerfile.rules.security.dlx804_insecure_transport import InsecureTransport
from dlint_dockerfile.rules.security.dlx805_world_writable_permissions import (
    WorldWritablePermissions,
)
from dlint_dockerfile.rules.security.dlx806_private_key_in_image import PrivateKeyInImage
from dlint_dockerfile.rules.security.dlx807_no_user import NoUser
from dlint_dockerfile.rules.security.dlx808_plain_http_download import PlainHttpDownload

__all__ = [
    "SECURITY_RULES",
    "InsecureTransport",
    "LastUserRoot",
    "NoUser",
    "PipeToShell",
    "PlainHttpDownload",
    "PrivateKeyInImage",
    "SecretInArgOrEnv",
    "WorldWritablePermissions",
]

SECURITY_RULES: tuple[type[Rule], ...] = (
    LastUserRoot,
    NoUser,
    SecretInArgOrEnv,
    PipeToShell,
    InsecureTransport,
    WorldWritablePermissions,
    PrivateKeyInImage,
    PlainHttpDownload,
)
